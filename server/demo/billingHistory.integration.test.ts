/**
 * The demo's billing history: seeding Acme leaves a billing contact with the Billing role, a
 * Business subscription currentPlan reads, and twelve paid monthly invoices with their lines, VAT
 * and the org's address and tax id — made by signed events through the webhook endpoint's code,
 * so seeding again changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { resolveMemberAsUser } from '../auth/testing/signedIn';
import { currentPlan } from '../billing/currentPlan';
import { loginLookup } from '../tenancy/lookups';
import { withTenant } from '../tenancy/withTenant';
import { seedBillingHistory } from './billingHistory';
import { DEMO_HISTORY_MONTHS } from './billingHistoryEvents';
import { DEMO_BILLING_EMAIL } from './demoTenant';
import { seedDemo } from './seed';

async function acmeId(): Promise<string> {
  const [org] = await adminQuery<{ id: string }>(`select id from organizations where slug = 'acme'`);
  return org!.id;
}

async function billingState(orgId: string) {
  const [row] = await adminQuery<Record<string, unknown>>(
    `select (select count(*)::int from invoices where org_id = $1) as invoices,
            (select count(*)::int from invoices where org_id = $1 and status = 'paid') as paid,
            (select count(*)::int from invoice_lines where org_id = $1) as lines,
            (select json_agg(s) from subscriptions s where s.org_id = $1) as subscriptions,
            (select row_to_json(b) from billing_accounts b where b.org_id = $1) as account,
            (select count(*)::int from outbox where org_id = $1 and topic = 'activity') as activity,
            (select count(*)::int from stripe_events where id like 'evt_acme%') as events`,
    [orgId],
  );
  return row!;
}

describe('the demo billing history', () => {
  it('gives Acme twelve paid invoices and a Business plan, and a second run changes nothing', async () => {
    await seedDemo({ print: false });
    const orgId = await acmeId();
    const first = await billingState(orgId);
    expect(first).toMatchObject({ invoices: DEMO_HISTORY_MONTHS, paid: DEMO_HISTORY_MONTHS });
    expect(first.lines).toBeGreaterThan(DEMO_HISTORY_MONTHS);
    expect(first.account).toMatchObject({
      stripe_customer_id: 'cus_acmeDemo',
      email: DEMO_BILLING_EMAIL,
      card_last4: '4242',
    });
    expect(first.subscriptions).toEqual([expect.objectContaining({ plan: 'business', status: 'active' })]);
    const plan = await withTenant(orgId, { type: 'system', name: 'demo-test' }, (tx) => currentPlan(tx, orgId));
    expect(plan.plan.key).toBe('business');

    await seedDemo({ print: false });
    expect(await seedBillingHistory(orgId, DEMO_BILLING_EMAIL)).toMatchObject({ applied: 0 });
    expect(await billingState(orgId)).toEqual(first);
  });

  it('prints the org’s address and tax id on every invoice, with VAT on the lines’ sum', async () => {
    await seedDemo({ print: false });
    const invoices = await adminQuery<{
      number: string;
      subtotal: number;
      tax: number;
      total: number;
      customer_address: { city: string; country: string };
      customer_tax_id: string;
      lines: number;
      line_sum: number;
    }>(
      `select i.number, i.subtotal::int, i.tax::int, i.total::int, i.customer_address, i.customer_tax_id,
              count(l.*)::int as lines, sum(l.amount)::int as line_sum
         from invoices i join organizations o on o.id = i.org_id and o.slug = 'acme'
         join invoice_lines l on l.org_id = i.org_id and l.invoice_id = i.id
        group by i.org_id, i.id order by i.issued_at`,
    );
    expect(invoices).toHaveLength(DEMO_HISTORY_MONTHS);
    for (const invoice of invoices) {
      expect(invoice.customer_address).toMatchObject({ city: 'Berlin', country: 'DE' });
      expect(invoice.customer_tax_id).toBe('DE123456789');
      expect(invoice.line_sum).toBe(invoice.subtotal);
      expect(invoice.tax).toBe(Math.round(invoice.subtotal * 0.19));
      expect(invoice.total).toBe(invoice.subtotal + invoice.tax);
    }
    expect(invoices.some((invoice) => invoice.lines === 2)).toBe(true);
  });

  it('lets billing@acme.test sign in with the Billing role', async () => {
    await seedDemo({ print: false });
    const login = await loginLookup(DEMO_BILLING_EMAIL);
    const member = await resolveMemberAsUser(login!.userId, 'acme');
    expect(member?.permissions).toEqual(expect.arrayContaining(['billing:read', 'invoices:read', 'billing:manage']));
    expect(member?.permissions).not.toContain('users:manage');
  });
});
