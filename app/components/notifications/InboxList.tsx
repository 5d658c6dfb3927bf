/** The member's inbox: newest first, unread ones marked, each with a "Mark read" button (a form post). */
import { Form } from '@remix-run/react';
import type { InboxItem } from '../../../server/notifications/service';
import { describeActivity } from '../../../server/shared/describeActivity';
import { relativeTime } from '../activity/relativeTime';
import { formatUtc } from '~/lib/dates';

export function InboxList({ items, now }: { items: InboxItem[]; now: number }) {
  if (items.length === 0) {
    return <p className="py-8 text-center text-sm text-gray-500">No notifications</p>;
  }
  return (
    <ul className="divide-y divide-gray-100">
      {items.map((item) => (
        <li
          key={item.id}
          data-testid="notification-item"
          data-unread={item.isRead ? undefined : 'true'}
          className="flex items-center justify-between gap-4 py-3"
        >
          <span className={`text-sm ${item.isRead ? 'text-gray-600' : 'font-semibold text-gray-900'}`}>
            {item.isRead ? null : <span className="sr-only">Unread: </span>}
            {describeActivity({ ...item, id: item.eventId })}
          </span>
          <span className="flex shrink-0 items-center gap-3">
            <time dateTime={item.createdAt} title={formatUtc(item.createdAt)} className="text-xs text-gray-500">
              {relativeTime(item.createdAt, now)}
            </time>
            {item.isRead ? null : (
              <Form method="post">
                <input type="hidden" name="intent" value="markRead" />
                <input type="hidden" name="id" value={item.id} />
                <button type="submit" className="text-xs font-medium text-blue-700 hover:underline">
                  Mark read
                </button>
              </Form>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}
