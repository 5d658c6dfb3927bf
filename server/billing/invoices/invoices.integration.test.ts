/**
 * The invoices procedures against the real database: a billing member pages through the org's
 * invoices newest first and filters them by status; one invoice comes with its lines in order;
 * another org's invoice is "not found"; a Viewer is refused; and invoices:read granted under a
 * condition on the amount narrows the list in its query and refuses the invoices outside it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { caught, personIn, rolesTestOrg, type Person, type RolesTestOrg } from '../../roles/testFixtures';
import { insertTestInvoice, type TestInvoice } from './testFixtures';

const DAY = 86_400_000;

describe('invoices procedures', () => {
  let org: RolesTestOrg;
  let other: RolesTestOrg;
  let billing: Person;
  let viewer: Person;
  let capped: Person;
  let byAge: TestInvoice[];
  let foreign: TestInvoice;

  beforeAll(async () => {
    org = await rolesTestOrg('invoices');
    other = await rolesTestOrg('invoices-other');
    billing = await personIn(org, 'invoices-billing', 'billing');
    viewer = await personIn(org, 'invoices-viewer', 'viewer');
    capped = await personIn(org, 'invoices-capped', 'viewer');
    const start = Date.UTC(2026, 0, 1);
    byAge = [];
    // Five invoices, one day apart, the third one open and large; two share the same moment.
    for (let i = 0; i < 5; i++) {
      byAge.push(
        await insertTestInvoice(org.orgId, {
          issuedAt: new Date(start + Math.min(i, 3) * DAY),
          status: i === 2 ? 'open' : 'paid',
          lines: [
            {
              description: `Month ${i}`,
              quantity: 1,
              unitAmount: i === 2 ? 250_000 : 4_900,
              amount: i === 2 ? 250_000 : 4_900,
            },
          ],
        }),
      );
    }
    foreign = await insertTestInvoice(other.orgId, { issuedAt: new Date(start) });
    const role = await org.ownerPerson.caller.roles.create({
      orgSlug: org.slug,
      name: 'Small invoices',
      grants: [
        { permission: 'org:read', condition: null },
        { permission: 'invoices:read', condition: 'resource.amount < 100000' },
      ],
    });
    await org.ownerPerson.caller.roles.setMemberRoles({
      orgSlug: org.slug,
      membershipId: capped.membershipId,
      roleIds: [role.id],
    });
  });

  it('pages newest first by issue date, then id, without repeating or skipping one', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await billing.caller.invoices.list({ orgSlug: org.slug, limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((invoice) => invoice.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    const [newestA, newestB] = [byAge[3]!.id, byAge[4]!.id].sort().reverse();
    expect(seen).toEqual([newestA, newestB, byAge[2]!.id, byAge[1]!.id, byAge[0]!.id]);
  });

  it('filters by status and says when a cursor is not one', async () => {
    const open = await billing.caller.invoices.list({ orgSlug: org.slug, status: 'open' });
    expect(open.items.map((invoice) => [invoice.id, invoice.status, invoice.total])).toEqual([
      [byAge[2]!.id, 'open', 250_000],
    ]);
    expect(open.nextCursor).toBeNull();
    const error = await caught(billing.caller.invoices.list({ orgSlug: org.slug, cursor: 'garbage' }));
    expect(error).toMatchObject({ code: 'BAD_REQUEST', appCode: 'INVALID_INPUT' });
    const tooMany = await caught(billing.caller.invoices.list({ orgSlug: org.slug, limit: 101 }));
    expect(tooMany.code).toBe('BAD_REQUEST');
  });

  it('returns one invoice with its customer snapshot and lines in their order', async () => {
    const invoice = await insertTestInvoice(org.orgId, {
      issuedAt: new Date(Date.UTC(2025, 5, 1)),
      tax: 1_900,
      lines: [
        { description: 'Business plan', quantity: 1, unitAmount: 9_900, amount: 9_900 },
        { description: 'API calls over quota', quantity: 12_000, unitAmount: null, amount: 1_200 },
      ],
    });
    const detail = await billing.caller.invoices.get({ orgSlug: org.slug, invoiceId: invoice.id });
    expect(detail).toMatchObject({
      id: invoice.id,
      number: invoice.number,
      subtotal: 11_100,
      tax: 1_900,
      total: 13_000,
      issuedAt: '2025-06-01T00:00:00.000Z',
      customer: { name: 'Customer GmbH', taxId: 'DE123456789', address: { city: 'Berlin', country: 'DE' } },
    });
    expect(detail.lines.map((line) => [line.description, line.quantity, line.unitAmount, line.amount])).toEqual([
      ['Business plan', 1, 9_900, 9_900],
      ['API calls over quota', 12_000, null, 1_200],
    ]);
  });

  it('answers "not found" for another org’s invoice, and refuses a Viewer', async () => {
    const error = await caught(billing.caller.invoices.get({ orgSlug: org.slug, invoiceId: foreign.id }));
    expect(error).toMatchObject({ code: 'NOT_FOUND', appCode: 'INVOICE_NOT_FOUND', message: 'Invoice not found' });
    const list = await billing.caller.invoices.list({ orgSlug: org.slug, limit: 100 });
    expect(list.items.map((invoice) => invoice.id)).not.toContain(foreign.id);

    const refused = await caught(viewer.caller.invoices.list({ orgSlug: org.slug }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.details).toMatchObject({ permission: 'invoices:read' });
  });

  it('narrows the list to invoices the grant’s condition allows, and hides the others one by one', async () => {
    const page = await capped.caller.invoices.list({ orgSlug: org.slug, limit: 100 });
    const ids = page.items.map((invoice) => invoice.id);
    expect(ids).not.toContain(byAge[2]!.id);
    expect(ids).toEqual(expect.arrayContaining([byAge[0]!.id, byAge[1]!.id, byAge[3]!.id, byAge[4]!.id]));
    expect(page.items.every((invoice) => invoice.total < 100_000)).toBe(true);

    const hidden = await caught(capped.caller.invoices.get({ orgSlug: org.slug, invoiceId: byAge[2]!.id }));
    expect(hidden).toMatchObject({ code: 'NOT_FOUND', appCode: 'INVOICE_NOT_FOUND' });
    const shown = await capped.caller.invoices.get({ orgSlug: org.slug, invoiceId: byAge[0]!.id });
    expect(shown.total).toBe(4_900);
  });
});
