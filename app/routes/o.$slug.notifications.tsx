/**
 * The member's notifications in this org: the inbox (newest first, "Mark read", "Mark all read",
 * "Load older" by cursor in the URL) and their preferences per kind of event and channel. Works
 * without JavaScript (form posts); the bell in the top bar keeps the unread count live.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation, useParams } from '@remix-run/react';
import { useStickyActionData } from '~/lib/useStickyActionData';
import { Card } from '~/components/ui/tremor';
import { TRPCError } from '@trpc/server';
import { InboxList } from '~/components/notifications/InboxList';
import { preferenceField, PreferencesForm } from '~/components/notifications/PreferencesForm';
import { throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';
import { toActionFailure } from '~/lib/errors';
import type { NotificationChannel } from '../../server/notifications/kinds';
import { countOf } from '../../server/shared/plural';

export const meta: MetaFunction = () => [{ title: 'Notifications · Atrium' }];

const PAGE_SIZE = 30;

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const cursor = Number(new URL(request.url).searchParams.get('cursor'));
  const [page, preferences] = await Promise.all([
    caller.notifications.list({
      orgSlug,
      limit: PAGE_SIZE,
      cursor: Number.isSafeInteger(cursor) && cursor > 0 ? cursor : undefined,
    }),
    caller.notifications.preferences({ orgSlug }),
  ]).catch((error: unknown) => throwOrgRouteError(error, request, headers));
  return data({ page, preferences, now: Date.now() }, { headers });
}

type ActionResult = { ok: true; message: string } | { ok: false; message: string };

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const form = await request.formData();
  try {
    const intent = form.get('intent');
    let result: ActionResult;
    if (intent === 'markRead') {
      await caller.notifications.markRead({ orgSlug, ids: [Number(form.get('id'))] });
      result = { ok: true, message: 'Marked as read' };
    } else if (intent === 'markAllRead') {
      const { changed } = await caller.notifications.markAllRead({ orgSlug });
      result = {
        ok: true,
        message: `${countOf(changed, 'notification')} marked as read`,
      };
    } else if (intent === 'savePreferences') {
      const current = await caller.notifications.preferences({ orgSlug });
      for (const preference of current) {
        for (const channel of Object.keys(preference.channels) as NotificationChannel[]) {
          const isEnabled = form.get(preferenceField(preference.kind, channel)) === 'on';
          if (isEnabled === preference.channels[channel]) continue;
          await caller.notifications.setPreference({
            orgSlug,
            kind: preference.kind,
            channel,
            isEnabled,
          });
        }
      }
      result = { ok: true, message: 'Preferences saved' };
    } else {
      result = { ok: false, message: 'Unknown action' };
    }
    return data(result, { status: result.ok ? 200 : 400, headers });
  } catch (error) {
    if (error instanceof TRPCError && ['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND'].includes(error.code))
      throwOrgRouteError(error, request, headers);
    const failure = toActionFailure(error);
    return data({ ok: false, message: failure.message } satisfies ActionResult, { status: 400, headers });
  }
}

export default function Notifications() {
  const { page, preferences, now } = useLoaderData<typeof loader>();
  const result = useStickyActionData<typeof action>();
  const navigation = useNavigation();
  const slug = useParams().slug ?? '';
  const isSavingPreferences = navigation.formData?.get('intent') === 'savePreferences';
  const hasUnread = page.items.some((item) => !item.isRead);

  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold text-gray-900">Notifications</h1>
      {result ? (
        <p role="status" className={`text-sm ${result.ok ? 'text-green-700' : 'text-red-600'}`}>
          {result.message}
        </p>
      ) : null}
      <Card role="region" aria-labelledby="inbox-heading">
        <div className="mb-2 flex items-center justify-between">
          <h2 id="inbox-heading" className="text-tremor-title font-semibold text-tremor-content-strong">
            Inbox
          </h2>
          {hasUnread ? (
            <Form method="post">
              <input type="hidden" name="intent" value="markAllRead" />
              <button type="submit" className="text-sm font-medium text-blue-700 hover:underline">
                Mark all read
              </button>
            </Form>
          ) : null}
        </div>
        <InboxList items={page.items} now={now} />
        {page.nextCursor ? (
          <div className="mt-4 text-center">
            <Link
              to={`/o/${slug}/notifications?cursor=${page.nextCursor}`}
              className="text-sm font-medium text-blue-700 hover:underline"
            >
              Load older
            </Link>
          </div>
        ) : null}
      </Card>
      <Card role="region" aria-labelledby="preferences-heading">
        <h2 id="preferences-heading" className="mb-1 text-tremor-title font-semibold text-tremor-content-strong">
          Preferences
        </h2>
        <p className="mb-3 text-sm text-gray-500">
          What reaches you, and how. You are only ever notified of what your role lets you see.
        </p>
        <PreferencesForm preferences={preferences} isSaving={isSavingPreferences} />
      </Card>
    </div>
  );
}
