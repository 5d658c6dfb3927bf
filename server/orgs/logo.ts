/**
 * The organization's logo: PNG, JPEG or WebP up to 256 KB, recognised by its magic bytes — never
 * by a file name or a declared type. SVG is refused: it is a document that can carry scripts and
 * links, served from our origin. Stored in organization_logos (one row per org) so reading the
 * org row never drags image bytes along; served by app/routes/o.$slug.logo.tsx to members only.
 */
import { eq } from 'drizzle-orm';
import { organizationLogos } from '../../db/schema';
import { AppError } from '../errors';
import { recordEvent } from '../realtime/outbox';
import type { Tx } from '../tenancy/withTenant';
import {
  LOGO_MESSAGES,
  LOGO_SVG_REFUSED,
  LOGO_TOO_LARGE,
  LOGO_WRONG_TYPE,
  MAX_LOGO_BYTES,
} from '../shared/logoMessages';

export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  signature.every((byte, i) => bytes[offset + i] === byte);

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The image type the bytes really are, or null. */
export function sniffImageType(bytes: Uint8Array): LogoType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  return null;
}

function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024))
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  return (
    head.startsWith('<?xml') || head.startsWith('<svg') || head.startsWith('<!doctype svg') || head.includes('<svg')
  );
}

/** The checked logo, or BAD_REQUEST / PAYLOAD_TOO_LARGE with the message the form shows. */
export function checkLogo(bytes: Uint8Array): { contentType: LogoType; data: Buffer } {
  if (bytes.length === 0) throw new AppError('LOGO_EMPTY', LOGO_MESSAGES.empty.text, { field: 'logo' });
  if (bytes.length > MAX_LOGO_BYTES) throw new AppError('LOGO_TOO_LARGE', LOGO_TOO_LARGE, { field: 'logo' });
  const contentType = sniffImageType(bytes);
  if (!contentType) {
    throw looksLikeSvg(bytes)
      ? new AppError('LOGO_SVG_REFUSED', LOGO_SVG_REFUSED, { field: 'logo' })
      : new AppError('LOGO_WRONG_TYPE', LOGO_WRONG_TYPE, { field: 'logo' });
  }
  return { contentType, data: Buffer.from(bytes) };
}

export type StoredLogo = { contentType: string; data: Buffer; updatedAt: Date };

export async function getLogo(tx: Tx, orgId: string): Promise<StoredLogo | null> {
  const [row] = await tx
    .select({
      contentType: organizationLogos.contentType,
      data: organizationLogos.data,
      updatedAt: organizationLogos.updatedAt,
    })
    .from(organizationLogos)
    .where(eq(organizationLogos.orgId, orgId));
  return row ?? null;
}

/** When the logo last changed (a cache-busting version for its URL), or null without one. */
export async function logoVersion(tx: Tx, orgId: string): Promise<number | null> {
  const [row] = await tx
    .select({ updatedAt: organizationLogos.updatedAt })
    .from(organizationLogos)
    .where(eq(organizationLogos.orgId, orgId));
  return row ? row.updatedAt.getTime() : null;
}

export async function setLogo(
  tx: Tx,
  orgId: string,
  actorUserId: string,
  bytes: Uint8Array,
): Promise<{ contentType: LogoType; version: number }> {
  const { contentType, data } = checkLogo(bytes);
  const updatedAt = new Date();
  await tx
    .insert(organizationLogos)
    .values({ orgId, contentType, data, updatedAt })
    .onConflictDoUpdate({ target: organizationLogos.orgId, set: { contentType, data, updatedAt } });
  await recordEvent(tx, { orgId, topic: 'activity', type: 'org.updated', actorUserId, data: { fields: ['logo'] } });
  return { contentType, version: updatedAt.getTime() };
}

export async function removeLogo(tx: Tx, orgId: string, actorUserId: string): Promise<boolean> {
  const removed = await tx
    .delete(organizationLogos)
    .where(eq(organizationLogos.orgId, orgId))
    .returning({ orgId: organizationLogos.orgId });
  if (removed.length === 0) return false;
  await recordEvent(tx, { orgId, topic: 'activity', type: 'org.updated', actorUserId, data: { fields: ['logo'] } });
  return true;
}
