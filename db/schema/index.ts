export * from './organizations';
export * from './users';
export * from './memberships';
export * from './roles';
export * from './sessions';
export * from './outbox';
