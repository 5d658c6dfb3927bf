/**
 * Rotating an endpoint's signing secret: the person picks how long the previous secret keeps
 * signing beside the new one (so receivers can switch without a gap). The new secret is shown
 * once by the page, from the action's answer.
 */
import { Form } from '@remix-run/react';
import { useId } from 'react';
import { fieldInputClass } from '~/components/forms';
import { SUMMARY_CLASS } from './disclosure';
import { OVERLAP_CHOICES } from './endpointActions';
import { IntentSubmit } from './IntentSubmit';

export function RotateSecret() {
  const id = useId();
  return (
    <details className="w-full sm:w-auto">
      <summary className={SUMMARY_CLASS}>Rotate secret…</summary>
      <Form method="post" className="mt-2 max-w-md space-y-2">
        <label htmlFor={id} className="block text-sm font-medium text-gray-700">
          The current secret
        </label>
        <select id={id} name="overlapHours" defaultValue="24" className={fieldInputClass(false)}>
          {OVERLAP_CHOICES.map((choice) => (
            <option key={choice.hours} value={choice.hours}>
              {choice.label}
            </option>
          ))}
        </select>
        <p className="text-xs text-gray-600">
          During the overlap each request carries two signatures, one per secret, so your receiver can switch at any
          time.
        </p>
        <IntentSubmit intent="rotate" variant="secondary" pendingText="Rotating…">
          Rotate secret
        </IntentSubmit>
      </Form>
    </details>
  );
}
