/**
 * Export: audit.export needs audit:export and is itself audited; the stream yields every matching
 * event oldest first, across batch boundaries, as RFC 4180 CSV (formula cells defused) or NDJSON.
 */
import { describe, expect, it } from 'vitest';
import { caught, personIn, rolesTestOrg } from '../roles/testFixtures';
import { withTenant } from '../tenancy/withTenant';
import { appendAuditEvent } from './append';
import { exportAuditEvents, EXPORT_BATCH } from './export';
import { EXPORT_COLUMNS } from './exportFormat';
import { auditRowsOf } from './testFixtures';

const SYSTEM = { type: 'system', name: 'test' } as const;

async function collect(chunks: AsyncGenerator<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

describe('audit export', () => {
  it('is refused without audit:export and recorded either way', async () => {
    const org = await rolesTestOrg('audit-export-perm');
    const member = await personIn(org, 'audit-export-member', 'member');
    const refused = await caught(member.caller.audit.export({ orgSlug: org.slug, format: 'csv' }));
    expect(refused.code).toBe('FORBIDDEN');
    const started = await org.ownerPerson.caller.audit.export({
      orgSlug: org.slug,
      format: 'ndjson',
      filters: { actions: ['roles.update'] },
    });
    expect(started.orgId).toBe(org.orgId);
    const events = await auditRowsOf(org.orgId, 'audit.export');
    expect(events.map((e) => e.outcome)).toEqual(['failure', 'success']);
    expect(events[1]?.after).toMatchObject({ format: 'ndjson', filters: { actions: ['roles.update'] } });
  });

  it('streams every matching event across batches as CSV and NDJSON', { timeout: 60_000 }, async () => {
    const org = await rolesTestOrg('audit-export-stream');
    const total = EXPORT_BATCH + 7;
    await withTenant(org.orgId, SYSTEM, async (tx) => {
      for (let i = 0; i < total; i++) {
        await appendAuditEvent(tx, {
          orgId: org.orgId,
          action: i % 2 ? 'test.odd' : 'test.even',
          actor: { type: 'system', id: 'seed', email: null },
          outcome: 'success',
          resource: { type: 'doc', id: i === 0 ? '=HYPERLINK("http://x")' : `d-${i}` },
          after: i === 1 ? { note: 'line one\nline "two", three' } : undefined,
        });
      }
    });
    const actor = { type: 'user' as const, userId: org.owner.userId };
    const csv = await collect(exportAuditEvents({ orgId: org.orgId, actor, filters: {}, format: 'csv' }));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(EXPORT_COLUMNS.join(','));
    expect(csv.match(/\r\n(?=\d+,)/g)).toHaveLength(total);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).toContain('"{""note"": ""line one\\nline \\""two\\"", three""}"');

    const ndjson = await collect(
      exportAuditEvents({ orgId: org.orgId, actor, filters: { actions: ['test.odd'] }, format: 'ndjson' }),
    );
    const records = ndjson
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toHaveLength(Math.floor(total / 2));
    expect(records.every((r) => r.action === 'test.odd')).toBe(true);
    expect(records[0]).toMatchObject({ seq: 2, after: { note: 'line one\nline "two", three' } });
    const seqs = records.map((r) => r.seq as number);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });
});
