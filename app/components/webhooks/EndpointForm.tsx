/**
 * The endpoint form, for adding and for editing: URL, description, events and whether it is
 * enabled. The browser checks what it can before sending (and says so next to the field, moving
 * focus to the first one); the server checks again and its refusals — a URL it will not call,
 * above all — come back next to the same fields.
 */
import { Form } from '@remix-run/react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { TextAreaField, TextField, type FieldErrors } from '~/components/forms';
import { EventTypePicker } from './EventTypePicker';
import { IntentSubmit } from './IntentSubmit';
import {
  MAX_DESCRIPTION,
  MAX_URL,
  draftErrors,
  hasErrors,
  readEndpointDraft,
  type EndpointDraft,
} from './endpointDraft';

type EndpointFormProps = {
  intent: 'create' | 'update';
  draft: EndpointDraft;
  /** The server's errors for the last attempt. */
  errors: FieldErrors;
  /** The version being edited (update only): a stale save is refused, not merged. */
  version?: number;
  submitLabel: string;
  pendingText: string;
  labelledBy: string;
};

export function EndpointForm({
  intent,
  draft,
  errors,
  version,
  submitLabel,
  pendingText,
  labelledBy,
}: EndpointFormProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const [checked, setChecked] = useState<FieldErrors | null>(null);
  const shown = checked ?? errors;

  useEffect(() => {
    if (!hasErrors(shown)) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [shown]);

  const checkBeforeSending = (event: FormEvent<HTMLFormElement>) => {
    const problems = draftErrors(readEndpointDraft(new FormData(event.currentTarget)));
    if (hasErrors(problems)) {
      event.preventDefault();
      setChecked(problems);
    } else {
      setChecked(null);
    }
  };

  return (
    <Form
      ref={formRef}
      method="post"
      className="space-y-5"
      aria-labelledby={labelledBy}
      noValidate
      onSubmit={checkBeforeSending}
    >
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      <TextField
        name="url"
        type="url"
        label="Endpoint URL"
        required
        maxLength={MAX_URL}
        defaultValue={draft.url}
        hint="Where Atrium sends the events, over https:// to a public address."
        errors={shown.url}
      />
      <TextAreaField
        name="description"
        label="Description (optional)"
        rows={2}
        maxLength={MAX_DESCRIPTION}
        defaultValue={draft.description}
        hint="What receives the events, e.g. “CRM sync”."
        errors={shown.description}
      />
      <EventTypePicker allEvents={draft.allEvents} checked={draft.eventTypes} errors={shown.eventTypes} />
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          name="isEnabled"
          defaultChecked={draft.isEnabled}
          className="mt-0.5 h-4 w-4 rounded border-gray-300 text-blue-600 focus:ring-blue-500"
        />
        <span>
          <span className="font-medium text-gray-900">Enabled</span>
          <span className="block text-gray-600">Events are sent while the endpoint is enabled.</span>
        </span>
      </label>
      <IntentSubmit intent={intent} pendingText={pendingText}>
        {submitLabel}
      </IntentSubmit>
    </Form>
  );
}
