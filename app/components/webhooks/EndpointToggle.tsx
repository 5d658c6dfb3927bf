/** Turning an endpoint off or back on; on again clears why it was off (410, failing) and starts afresh. */
import { Form } from '@remix-run/react';
import { IntentSubmit } from './IntentSubmit';

export function EndpointToggle({ isEnabled, version }: { isEnabled: boolean; version: number }) {
  return (
    <Form method="post">
      <input type="hidden" name="version" value={version} />
      {isEnabled ? (
        <IntentSubmit intent="disable" variant="secondary" pendingText="Disabling…">
          Disable endpoint
        </IntentSubmit>
      ) : (
        <IntentSubmit intent="enable" pendingText="Enabling…">
          Enable endpoint
        </IntentSubmit>
      )}
    </Form>
  );
}
