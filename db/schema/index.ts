export * from './organizations';
export * from './users';
export * from './memberships';
export * from './roles';
export * from './sessions';
export * from './outbox';
export * from './teams';
export * from './invitations';
