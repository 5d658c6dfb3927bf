/**
 * The deliveries list's keyset cursor: opaque to clients, it names the last row of a page by
 * (created_at to the microsecond, id) — the order the (org, endpoint, created_at) index serves —
 * so a page costs the same deep in the history as at its start.
 */
import { z } from 'zod';
import { AppError } from '../errors';

export type DeliveryCursor = { at: string; id: string };

const ZCursor = z.object({
  at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
  id: z.string().uuid(),
});

export function encodeDeliveryCursor(cursor: DeliveryCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

export function decodeDeliveryCursor(raw: string): DeliveryCursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    return ZCursor.parse({ at, id });
  } catch {
    throw new AppError('INVALID_INPUT', 'Not a cursor; start again from the first page', { field: 'cursor' });
  }
}
