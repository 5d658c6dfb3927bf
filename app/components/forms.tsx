/**
 * Form building blocks shared by every page: a labelled field with its inline error wired to
 * aria-describedby, a submit button that shows progress, and a form-level alert.
 */
import { Button, Callout, TextInput } from '@tremor/react';
import { useNavigation } from '@remix-run/react';
import { useId, type ComponentProps } from 'react';

export type FieldErrors = Partial<Record<string, string[] | undefined>>;

type TextFieldProps = {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'url';
  defaultValue?: string;
  autoComplete?: string;
  required?: boolean;
  hint?: string;
  errors?: string[];
  autoFocus?: boolean;
  maxLength?: number;
};

export function TextField({ name, label, type = 'text', hint, errors, ...rest }: TextFieldProps) {
  const id = useId();
  const message = errors?.[0];
  const describedBy = [hint ? `${id}-hint` : null, message ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-gray-700">
        {label}
      </label>
      <TextInput
        id={id}
        name={name}
        type={type}
        error={Boolean(message)}
        aria-invalid={message ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...rest}
      />
      {hint && !message ? (
        <p id={`${id}-hint`} className="text-xs text-gray-500">
          {hint}
        </p>
      ) : null}
      {message ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-600">
          {message}
        </p>
      ) : null}
    </div>
  );
}

export function SubmitButton({ children, pendingText, ...rest }: ComponentProps<typeof Button> & { pendingText?: string }) {
  const navigation = useNavigation();
  const pending = navigation.state === 'submitting';
  return (
    <Button type="submit" loading={pending} disabled={pending} {...rest}>
      {pending && pendingText ? pendingText : children}
    </Button>
  );
}

export function FormAlert({ message, tone = 'error' }: { message?: string | null; tone?: 'error' | 'success' }) {
  if (!message) return null;
  return (
    <Callout title={tone === 'error' ? 'Something needs attention' : 'Done'} color={tone === 'error' ? 'red' : 'emerald'} role={tone === 'error' ? 'alert' : 'status'}>
      {message}
    </Callout>
  );
}
