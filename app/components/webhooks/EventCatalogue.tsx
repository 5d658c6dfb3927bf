/**
 * Every event type an endpoint can receive, by group: what it means and the body a receiver
 * gets for it, pretty-printed. Each type has its own anchor (#member.joined) to link to.
 */
import { Card } from '~/components/ui/tremor';
import { catalogueGroups, exampleBody } from './catalogueGroups';
import { JsonBlock } from './JsonBlock';

export function EventCatalogue() {
  return (
    <div className="space-y-8">
      {catalogueGroups().map((group) => (
        <section key={group.group} aria-labelledby={`group-${group.group}`} className="space-y-3">
          <h2 id={`group-${group.group}`} className="text-lg font-semibold text-gray-900">
            {group.group}
          </h2>
          <ul className="space-y-3">
            {group.events.map((event) => (
              <li key={event.type} id={event.type}>
                <Card className="space-y-2">
                  <h3 className="break-all font-mono text-sm font-semibold text-gray-900">{event.type}</h3>
                  <p className="text-sm text-gray-700">{event.description}</p>
                  <details>
                    <summary className="cursor-pointer text-sm font-medium text-blue-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500">
                      Example body
                    </summary>
                    <div className="mt-2">
                      <JsonBlock text={exampleBody(event)} label={`Example body of ${event.type}`} />
                    </div>
                  </details>
                </Card>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
