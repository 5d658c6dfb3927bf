/**
 * The invitations page's live feed: the org's 'invitations' channel (sent, resent, revoked,
 * accepted). It first says 'ready' once Redis has confirmed the subscription — the page reloads
 * its list then, so a change made while it was connecting is not missed — and then passes on
 * each event's type and the invitations it concerns. Nothing here reads tenant data.
 */
import { getBus, type Bus } from '../realtime/bus';
import { openChannelFeed } from '../realtime/channelFeed';
import { channelFor } from '../realtime/outbox';

export type InvitationChange =
  | { type: 'ready' }
  | { type: 'invitation.sent' | 'invitation.resent' | 'invitation.revoked'; invitationIds: string[] }
  | { type: 'invitation.accepted'; invitationIds: string[]; membershipId: string | null }
  | { type: 'reconnected' };

const KNOWN = new Set(['invitation.sent', 'invitation.resent', 'invitation.revoked', 'invitation.accepted']);

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function toInvitationChange(message: string): InvitationChange | null {
  try {
    const event = JSON.parse(message) as { type?: unknown; data?: Record<string, unknown> };
    if (typeof event.type !== 'string' || !KNOWN.has(event.type)) return null;
    const invitationIds = strings(event.data?.invitationIds);
    if (event.type === 'invitation.accepted') {
      const membershipId = typeof event.data?.membershipId === 'string' ? event.data.membershipId : null;
      return { type: 'invitation.accepted', invitationIds, membershipId };
    }
    return { type: event.type as 'invitation.sent', invitationIds };
  } catch {
    return null;
  }
}

export async function* liveInvitations(options: {
  orgId: string;
  signal?: AbortSignal;
  bus?: Bus;
}): AsyncGenerator<InvitationChange> {
  const feed = await openChannelFeed(options.bus ?? getBus(), channelFor(options.orgId, 'invitations'), {
    signal: options.signal,
  });
  try {
    yield { type: 'ready' };
    for await (const item of feed) {
      if (item.kind === 'reconnected') {
        yield { type: 'reconnected' };
        continue;
      }
      const change = toInvitationChange(item.message);
      if (change) yield change;
    }
  } finally {
    feed.close();
  }
}
