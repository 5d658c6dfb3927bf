/**
 * Notification preferences: one row per kind of event, a checkbox per channel (in the app, an
 * email right away, the daily digest). One form; the action saves the cells that changed.
 */
import { Form } from '@remix-run/react';
import type { PreferenceView } from '../../../server/notifications/service';
import type { NotificationChannel } from '../../../server/notifications/kinds';

const CHANNEL_LABELS: Record<NotificationChannel, string> = {
  in_app: 'In the app',
  email: 'Email',
  digest: 'Daily digest',
};
const CHANNELS = Object.keys(CHANNEL_LABELS) as NotificationChannel[];

export function preferenceField(kind: string, channel: NotificationChannel): string {
  return `pref:${kind}:${channel}`;
}

export function PreferencesForm({ preferences, isSaving }: { preferences: PreferenceView[]; isSaving: boolean }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="savePreferences" />
      <table className="w-full text-sm">
        <caption className="sr-only">Which notifications you receive, by kind and channel</caption>
        <thead>
          <tr className="text-left text-xs uppercase tracking-wide text-gray-500">
            <th scope="col" className="py-2 font-medium">
              Kind of event
            </th>
            {CHANNELS.map((channel) => (
              <th key={channel} scope="col" className="py-2 text-center font-medium">
                {CHANNEL_LABELS[channel]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100">
          {preferences.map((preference) => (
            <tr key={preference.kind}>
              <th scope="row" className="py-2 text-left font-normal text-gray-800">
                {preference.label}
              </th>
              {CHANNELS.map((channel) => (
                <td key={channel} className="py-2 text-center">
                  <input
                    type="checkbox"
                    name={preferenceField(preference.kind, channel)}
                    defaultChecked={preference.channels[channel]}
                    aria-label={`${preference.label}: ${CHANNEL_LABELS[channel]}`}
                    className="h-4 w-4 shrink-0 rounded border-gray-300 text-blue-600"
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="mt-4 flex justify-end">
        <button
          type="submit"
          disabled={isSaving}
          className="rounded-md bg-blue-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-700 disabled:opacity-60"
        >
          {isSaving ? 'Saving…' : 'Save preferences'}
        </button>
      </div>
    </Form>
  );
}
