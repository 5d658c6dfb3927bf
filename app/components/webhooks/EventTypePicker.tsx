/**
 * Which events an endpoint receives: all of them (including types added later) or the ones
 * ticked, grouped as the catalogue groups them. Without JavaScript both parts are usable (the
 * ticks count only with "only these"); with it, ticking a type chooses "only these". The list is
 * never dimmed: its descriptions must stay readable (contrast).
 */
import { useId, useState } from 'react';
import { CodeCheckbox } from '../ui/CodeCheckbox';
import { catalogueGroups } from './catalogueGroups';

export function EventTypePicker({
  allEvents,
  checked,
  errors,
}: {
  allEvents: boolean;
  checked: readonly string[];
  errors?: string[];
}) {
  const id = useId();
  const [isAll, setAll] = useState(allEvents);
  const message = errors?.[0];
  return (
    <fieldset aria-describedby={message ? `${id}-error` : undefined}>
      <legend className="text-sm font-medium text-gray-900">Events</legend>
      {message ? (
        <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-600">
          {message}
        </p>
      ) : null}
      <div className="mt-2 space-y-2">
        <label className="flex items-start gap-2 text-sm">
          <input
            type="radio"
            name="events"
            value="all"
            checked={isAll}
            onChange={() => setAll(true)}
            aria-invalid={message ? true : undefined}
            className="mt-0.5 h-4 w-4 border-gray-300 text-blue-600 focus:ring-blue-500"
          />
          <span>All events (including future ones)</span>
        </label>
        <label className="flex items-start gap-2 text-sm">
          <input
            type="radio"
            name="events"
            value="some"
            checked={!isAll}
            onChange={() => setAll(false)}
            className="mt-0.5 h-4 w-4 border-gray-300 text-blue-600 focus:ring-blue-500"
          />
          <span>Only the events ticked below</span>
        </label>
      </div>
      <div
        className="mt-3 grid gap-x-6 gap-y-3 rounded-md border border-gray-200 p-3 sm:grid-cols-2"
        data-testid="event-type-list"
      >
        {catalogueGroups().map((group) => (
          <div key={group.group}>
            <p className="text-xs font-semibold uppercase tracking-wide text-gray-600">{group.group}</p>
            <ul className="mt-1 space-y-1">
              {group.events.map((event) => (
                <li key={event.type}>
                  <CodeCheckbox
                    name="eventTypes"
                    code={event.type}
                    description={event.description}
                    defaultChecked={checked.includes(event.type)}
                    onChange={(e) => {
                      if (e.currentTarget.checked) setAll(false);
                    }}
                  />
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
