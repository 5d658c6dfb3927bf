/**
 * Invoices for invoice journeys, written straight into the e2e database the way the Stripe event
 * mirror stores them (the mirror and its signed events are not what these journeys are about),
 * and a billing contact: a fresh person who signed up through the app, added to an org with the
 * Billing system role as the seed adds members.
 */
import type { BrowserContext } from '@playwright/test';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { E2E_DATABASE_URL } from './env';
import { newPerson, signUpByApi, type NewPerson } from './people';

async function withDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: E2E_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Signs a new person up in `context` and makes them a Billing member of `orgSlug`. */
export async function joinAsBillingContact(context: BrowserContext, orgSlug: string): Promise<NewPerson> {
  const person = newPerson('Billing');
  await signUpByApi(context, person);
  await withDatabase(async (client) => {
    const { rowCount } = await client.query(
      `with m as (
         insert into memberships (org_id, user_id)
         select o.id, u.id from organizations o, users u where o.slug = $1 and lower(u.email) = lower($2)
         returning org_id, id)
       insert into member_roles (org_id, membership_id, role_id)
       select m.org_id, m.id, r.id from m join roles r on r.org_id = m.org_id and r.system_key = 'billing'`,
      [orgSlug, person.email],
    );
    if (rowCount !== 1) throw new Error(`could not add ${person.email} to ${orgSlug} as Billing`);
  });
  return person;
}

export type SeededLine = { description: string; quantity: number; unitAmount: number };

export type SeededInvoice = {
  number: string;
  status: 'open' | 'paid';
  issuedAt: Date;
  lines: SeededLine[];
  paymentError?: string;
  hostedInvoiceUrl?: string;
};

/** Inserts invoices (totals are the lines' sum) for the org; returns their ids in order. */
export async function seedInvoices(orgSlug: string, invoices: SeededInvoice[]): Promise<string[]> {
  return withDatabase(async (client) => {
    const ids: string[] = [];
    for (const invoice of invoices) {
      const id = `in_${randomBytes(12).toString('hex')}`;
      const total = invoice.lines.reduce((sum, line) => sum + line.quantity * line.unitAmount, 0);
      const paid = invoice.status === 'paid' ? total : 0;
      const day = 86_400_000;
      const { rowCount } = await client.query(
        `insert into invoices (org_id, id, number, status, currency, subtotal, tax, total, amount_due, amount_paid,
                               period_start, period_end, issued_at, due_at, paid_at, payment_error,
                               customer_name, customer_email, customer_address, customer_tax_id, hosted_invoice_url)
         select o.id, $2, $3, $4, 'eur', $5::bigint, 0, $5::bigint, $5::bigint - $6::bigint, $6::bigint,
                $7::timestamptz, $8::timestamptz, $8::timestamptz, $9::timestamptz, $10::timestamptz, $11,
                o.name, 'billing@e2e.example', $12::jsonb, 'DE123456789', $13
           from organizations o where o.slug = $1`,
        [
          orgSlug,
          id,
          invoice.number,
          invoice.status,
          total,
          paid,
          new Date(invoice.issuedAt.getTime() - 30 * day),
          invoice.issuedAt,
          new Date(invoice.issuedAt.getTime() + 14 * day),
          invoice.status === 'paid' ? invoice.issuedAt : null,
          invoice.paymentError ?? null,
          JSON.stringify({ line1: 'Friedrichstraße 68', city: 'Berlin', postalCode: '10117', country: 'DE' }),
          invoice.hostedInvoiceUrl ?? null,
        ],
      );
      if (rowCount !== 1) throw new Error(`no organization ${orgSlug}`);
      for (const [position, line] of invoice.lines.entries()) {
        await client.query(
          `insert into invoice_lines (org_id, invoice_id, id, position, description, quantity, unit_amount, amount)
           select o.id, $2, $3, $4, $5, $6, $7, $8 from organizations o where o.slug = $1`,
          [
            orgSlug,
            id,
            `il_${randomBytes(12).toString('hex')}`,
            position,
            line.description,
            line.quantity,
            line.unitAmount,
            line.quantity * line.unitAmount,
          ],
        );
      }
      ids.push(id);
    }
    return ids;
  });
}
