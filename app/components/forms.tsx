/**
 * Form building blocks shared by every page: a labelled field with its inline error wired to
 * aria-describedby, a submit button that shows progress, and a form-level alert.
 */
import { Callout } from '~/components/ui/tremor';
import { Button } from '~/components/Button';
import { useNavigation } from '@remix-run/react';
import { useId, type ComponentProps, type ReactNode } from 'react';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../server/shared/passwordRules';

export type FieldErrors = Partial<Record<string, string[] | undefined>>;

/** The look of every native text control (styled like Tremor's), red while it holds an error. */
export function fieldInputClass(isInvalid: boolean): string {
  return `block w-full rounded-tremor-default border bg-white px-3 py-2 text-tremor-default text-tremor-content-emphasis shadow-tremor-input outline-none placeholder:text-tremor-content-subtle focus:ring-2 ${
    isInvalid
      ? 'border-red-500 focus:border-red-500 focus:ring-red-200'
      : 'border-tremor-border focus:border-tremor-brand-subtle focus:ring-tremor-brand-muted'
  }`;
}

function describedByOf(id: string, hint: ReactNode, message: string | undefined): string | undefined {
  return [hint ? `${id}-hint` : null, message ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

/** A field's hint (kept while an error shows: it says what the field accepts) and its error. */
function FieldMessages({ id, hint, message }: { id: string; hint?: ReactNode; message?: string }) {
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-gray-500">
          {hint}
        </p>
      ) : null}
      {message ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-600">
          {message}
        </p>
      ) : null}
    </>
  );
}

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
  const describedBy = describedByOf(id, hint, message);
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-gray-700">
        {label}
      </label>
      {/* A native, uncontrolled input (styled like Tremor's): text typed before hydration survives it. */}
      <input
        id={id}
        name={name}
        type={type}
        aria-invalid={message ? true : undefined}
        aria-describedby={describedBy}
        className={fieldInputClass(Boolean(message))}
        {...rest}
      />
      <FieldMessages id={id} hint={hint} message={message} />
    </div>
  );
}

type TextAreaFieldProps = {
  name: string;
  label: string;
  hint?: ReactNode;
  errors?: string[];
  defaultValue?: string;
  rows?: number;
  maxLength?: number;
  required?: boolean;
  placeholder?: string;
  /** Classes for the wrapper, e.g. a grid span. */
  className?: string;
};

/** A labelled native textarea with its hint and inline error wired to aria-describedby. */
export function TextAreaField({ name, label, hint, errors, className, ...rest }: TextAreaFieldProps) {
  const id = useId();
  const message = errors?.[0];
  const describedBy = describedByOf(id, hint, message);
  return (
    <div className={`space-y-1 ${className ?? ''}`}>
      <label htmlFor={id} className="block text-sm font-medium text-gray-700">
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        aria-invalid={message ? true : undefined}
        aria-describedby={describedBy}
        className={fieldInputClass(Boolean(message))}
        {...rest}
      />
      <FieldMessages id={id} hint={hint} message={message} />
    </div>
  );
}

/** A new password, with the rule the server enforces (server/shared/passwordRules.ts) as its hint. */
export function NewPasswordField({
  name,
  label,
  errors,
  autoFocus,
}: {
  name: string;
  label: string;
  errors?: string[];
  autoFocus?: boolean;
}) {
  return (
    <TextField
      name={name}
      label={label}
      type="password"
      autoComplete="new-password"
      required
      autoFocus={autoFocus}
      maxLength={PASSWORD_MAX}
      hint={`At least ${PASSWORD_MIN} characters.`}
      errors={errors}
    />
  );
}

export function SubmitButton({
  children,
  pendingText,
  ...rest
}: ComponentProps<typeof Button> & { pendingText?: string }) {
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
    <Callout
      title={tone === 'error' ? 'Something needs attention' : 'Done'}
      color={tone === 'error' ? 'red' : 'emerald'}
      role={tone === 'error' ? 'alert' : 'status'}
    >
      {message}
    </Callout>
  );
}
