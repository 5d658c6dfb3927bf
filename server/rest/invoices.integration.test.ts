/**
 * Invoices through the REST API, over real HTTP, served by the invoices procedures: a key with
 * invoices:read pages through the list and filters it by status, reads one invoice as JSON and
 * downloads it as PDF (application/pdf, an attachment named after its number); another org's
 * invoice is 404 on both; a key without invoices:read is 403.
 */
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTestInvoice, type TestInvoice } from '../billing/invoices/testFixtures';
import { rolesTestOrg, type RolesTestOrg } from '../roles/testFixtures';
import { createTestKey, startTestApi, type TestApi } from './testFixtures';

type Summary = { id: string; number: string; status: string; total: number };

describe('REST invoices', () => {
  let api: TestApi;
  let org: RolesTestOrg;
  let reader: { token: string };
  let outsider: { token: string };
  let older: TestInvoice;
  let newer: TestInvoice;
  let foreign: TestInvoice;

  beforeAll(async () => {
    api = await startTestApi();
    org = await rolesTestOrg('rest-invoices');
    const other = await rolesTestOrg('rest-invoices-other');
    older = await insertTestInvoice(org.orgId, { issuedAt: new Date(Date.UTC(2026, 9, 1)), status: 'open' });
    newer = await insertTestInvoice(org.orgId, {
      issuedAt: new Date(Date.UTC(2026, 10, 1)),
      lines: [{ description: 'Business plan, November', quantity: 1, unitAmount: 19_900, amount: 19_900 }],
    });
    foreign = await insertTestInvoice(other.orgId);
    reader = await createTestKey(org.ownerPerson, org.slug, { name: 'Accounting', scopes: ['invoices:read'] });
    outsider = await createTestKey(org.ownerPerson, org.slug, { name: 'Members sync', scopes: ['users:read'] });
  });
  afterAll(() => api.close());

  it('lists invoices newest first, a page at a time, and by status', async () => {
    const first = await api.call('GET', '/invoices?limit=1', { token: reader.token });
    expect(first.status, first.text).toBe(200);
    expect((first.body.items as Summary[]).map((i) => i.id)).toEqual([newer.id]);
    const second = await api.call('GET', `/invoices?limit=1&cursor=${String(first.body.nextCursor)}`, {
      token: reader.token,
    });
    expect((second.body.items as Summary[]).map((i) => i.id)).toEqual([older.id]);
    expect(second.body.nextCursor).toBeNull();

    const open = await api.call('GET', '/invoices?status=open', { token: reader.token });
    expect((open.body.items as Summary[]).map((i) => [i.id, i.status])).toEqual([[older.id, 'open']]);
    const invalid = await api.call('GET', '/invoices?limit=500', { token: reader.token });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details.fields).toEqual([expect.objectContaining({ field: 'limit', in: 'query' })]);
  });

  it('gets one invoice as JSON and as a PDF attachment named after its number', async () => {
    const json = await api.call('GET', `/invoices/${newer.id}`, { token: reader.token });
    expect(json.status, json.text).toBe(200);
    expect(json.body).toMatchObject({ id: newer.id, number: newer.number, total: 19_900 });
    expect((json.body.lines as { description: string }[]).map((l) => l.description)).toEqual([
      'Business plan, November',
    ]);

    const response = await fetch(`${api.base}/invoices/${newer.id}/pdf`, {
      headers: { authorization: `Bearer ${reader.token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="invoice-${newer.number}.pdf"`);
    expect(response.headers.get('ratelimit-limit')).not.toBeNull();
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
    expect(text).toContain('Business plan, November');
    expect(text).toContain('€199.00');
  });

  it('answers 404 for another org’s invoice and 403 to a key without invoices:read', async () => {
    for (const path of [`/invoices/${foreign.id}`, `/invoices/${foreign.id}/pdf`]) {
      const missing = await api.call('GET', path, { token: reader.token });
      expect(missing.status, path).toBe(404);
      expect(missing.body.error.code).toBe('INVOICE_NOT_FOUND');
    }
    const refused = await api.call('GET', '/invoices', { token: outsider.token });
    expect(refused.status).toBe(403);
    expect(refused.body.error.details.permission).toBe('invoices:read');
    const refusedPdf = await api.call('GET', `/invoices/${newer.id}/pdf`, { token: outsider.token });
    expect(refusedPdf.status).toBe(403);
    expect(refusedPdf.headers.get('content-type')).toMatch(/^application\/json/);
  });
});
