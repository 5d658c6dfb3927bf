/** Changing one's display name; saves through the account page's `profile` intent. */
import { useFetcher } from '@remix-run/react';
import { FormAlert, SubmitButton, TextField } from '~/components/forms';
import type { action } from '~/routes/account';

export function ProfileForm({ name, email }: { name: string; email: string }) {
  const fetcher = useFetcher<typeof action>();
  const result = fetcher.data?.intent === 'profile' ? fetcher.data : undefined;
  const isSaving = fetcher.state !== 'idle';
  return (
    <fetcher.Form method="post" className="max-w-md space-y-4" noValidate>
      <input type="hidden" name="intent" value="profile" />
      <FormAlert message={result?.message} tone={result?.ok ? 'success' : 'error'} />
      <TextField
        name="name"
        label="Name"
        autoComplete="name"
        required
        maxLength={100}
        defaultValue={name}
        errors={result && !result.ok ? result.fieldErrors.name : undefined}
      />
      <div className="space-y-1">
        <p className="block text-sm font-medium text-gray-700">Email</p>
        <p className="text-sm text-gray-900">{email}</p>
      </div>
      <SubmitButton loading={isSaving} disabled={isSaving} loadingText="Saving…">
        Save profile
      </SubmitButton>
    </fetcher.Form>
  );
}
