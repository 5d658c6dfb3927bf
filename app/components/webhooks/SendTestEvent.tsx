/**
 * Sending a test event to this endpoint only: a `webhook.test` message standing for the chosen
 * event type, with that type's example as its data. It shows up in the delivery log like any other.
 */
import { Form } from '@remix-run/react';
import { useId } from 'react';
import { fieldInputClass } from '~/components/forms';
import { catalogueGroups } from './catalogueGroups';
import { SUMMARY_CLASS } from './disclosure';
import { IntentSubmit } from './IntentSubmit';

export function SendTestEvent() {
  const id = useId();
  return (
    <details className="w-full sm:w-auto">
      <summary className={SUMMARY_CLASS}>Send test event…</summary>
      <Form method="post" className="mt-2 max-w-md space-y-2">
        <label htmlFor={id} className="block text-sm font-medium text-gray-700">
          Event to stand for
        </label>
        <select id={id} name="eventType" defaultValue="" className={fieldInputClass(false)}>
          <option value="">One this endpoint receives (chosen for you)</option>
          {catalogueGroups().map((group) => (
            <optgroup key={group.group} label={group.group}>
              {group.events.map((event) => (
                <option key={event.type} value={event.type}>
                  {event.type}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <IntentSubmit intent="sendTest" variant="secondary" pendingText="Sending…">
          Send test event
        </IntentSubmit>
      </Form>
    </details>
  );
}
