/**
 * Every table, re-exported: code imports tables from `db/schema`, never from a file here.
 * One naming rule (checked by naming.test.ts): a file is named after its main table's variable
 * (`auditEvents.ts` defines `auditEvents`) and holds only the tables that exist for that one (its
 * child and join tables); a table's variable is its SQL name in camelCase; column types drizzle
 * lacks live in columnTypes.ts. Constants kept beside a table are SCREAMING_CASE and start with
 * its domain (`AUDIT_OUTCOMES`).
 */
export * from './organizations';
export * from './users';
export * from './memberships';
export * from './roles';
export * from './sessions';
export * from './passwordResetTokens';
export * from './outbox';
export * from './teams';
export * from './invitations';
export * from './auditEvents';
export * from './notifications';
export * from './auditPushEndpoints';
export * from './apiKeys';
export * from './apiKeyUsage';
export * from './webhookEndpoints';
export * from './webhookMessages';
export * from './billingAccounts';
export * from './billingAlerts';
export * from './subscriptions';
export * from './invoices';
export * from './stripeEvents';
export * from './usageEvents';
export * from './usageRollups';
export * from './usageMetrics';
export * from './usageMeterReports';
