/** Webhook message ids (`webhook-id`): `msg_` and 24 random base62 characters (about 143 bits). */
import { randomInt } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function newMessageId(): string {
  let id = 'msg_';
  for (let i = 0; i < 24; i++) id += BASE62[randomInt(62)];
  return id;
}
