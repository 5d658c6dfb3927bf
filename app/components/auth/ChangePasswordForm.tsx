/** Changing the password: current one, new one twice. Other sessions end on success. */
import { useFetcher } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { FormAlert, NewPasswordField, SubmitButton, TextField } from '~/components/forms';
import type { action } from '~/routes/account';

export function ChangePasswordForm() {
  const fetcher = useFetcher<typeof action>();
  const formRef = useRef<HTMLFormElement>(null);
  const result = fetcher.data?.intent === 'password' ? fetcher.data : undefined;
  const fieldErrors = result && !result.ok ? result.fieldErrors : undefined;
  const isSaving = fetcher.state !== 'idle';

  // Passwords should not linger in the form once they have been accepted.
  useEffect(() => {
    if (fetcher.state === 'idle' && result?.ok) formRef.current?.reset();
  }, [fetcher.state, result]);

  return (
    <fetcher.Form ref={formRef} method="post" className="max-w-md space-y-4" noValidate>
      <input type="hidden" name="intent" value="password" />
      <FormAlert message={result?.message} tone={result?.ok ? 'success' : 'error'} />
      <TextField
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        errors={fieldErrors?.currentPassword}
      />
      <NewPasswordField name="newPassword" label="New password" errors={fieldErrors?.newPassword} />
      <TextField
        name="confirmPassword"
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        required
        maxLength={128}
        errors={fieldErrors?.confirmPassword}
      />
      <SubmitButton loading={isSaving} disabled={isSaving} loadingText="Changing…">
        Change password
      </SubmitButton>
    </fetcher.Form>
  );
}
