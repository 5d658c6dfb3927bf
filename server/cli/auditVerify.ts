/**
 * `audit:verify --org <slug>`: recomputes an org's audit hash chain and names the first event
 * that does not verify (exit 1), or reports how many events verify (exit 0). The slug is resolved
 * on the owner connection (an operator's maintenance lookup, like migrations); the chain itself is
 * read as the runtime role inside the org's tenant transactions, as the viewer reads it.
 */
import { createOwnerClient } from '../database';
import { verifyChain, type ChainVerification } from '../audit/verify';
import { AppError } from '../errors';

export async function orgIdBySlug(slug: string): Promise<string> {
  const client = createOwnerClient();
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>('select id from organizations where lower(slug) = lower($1)', [
      slug,
    ]);
    const id = rows[0]?.id;
    if (!id) throw new AppError('NOT_FOUND', `No organization has the slug "${slug}"`);
    return id;
  } finally {
    await client.end();
  }
}

export function describeVerification(slug: string, result: ChainVerification): string {
  if (!result.ok && result.broken) {
    const id = result.broken.id ? ` (${result.broken.id})` : '';
    return `Audit chain of ${slug} is BROKEN at event #${result.broken.seq}${id}: ${result.broken.reason}`;
  }
  if (result.checked === 0) return `Audit chain of ${slug} verifies: no events yet.`;
  const anchor = result.anchor ? `, anchored at #${result.anchor.seq} after a purge` : '';
  return `Audit chain of ${slug} verifies: ${result.checked} events (#${result.firstSeq}–#${result.lastSeq}${anchor}).`;
}

export async function auditVerify(slug: string): Promise<void> {
  const orgId = await orgIdBySlug(slug);
  const result = await verifyChain(orgId, { type: 'system', name: 'cli:audit:verify' });
  const message = describeVerification(slug, result);
  if (!result.ok) throw new AppError('AUDIT_CHAIN_BROKEN', message);
  console.log(message);
}
