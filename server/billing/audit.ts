/**
 * The audit declarations of the billing actions. Starting Checkout or opening the Billing Portal
 * changes nothing here yet (Stripe's events do, later), but it is a billing contact acting on the
 * org's account: the trail records who did it and, for Checkout, which plan was asked for.
 */
import { theOrg, type AuditDeclaration } from '../audit/declaration';

export const BILLING_AUDIT = {
  startCheckout: { action: 'billing.startCheckout', resource: 'organization', id: theOrg, snapshot: 'request' },
  openPortal: { action: 'billing.openPortal', resource: 'organization', id: theOrg },
} as const satisfies Record<string, AuditDeclaration>;
