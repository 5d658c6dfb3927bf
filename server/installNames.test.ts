import { describe, expect, it } from 'vitest';
import { MAX_ROLE_PREFIX_LENGTH, resolveInstallNames } from './installNames';

describe('install names', () => {
  it('derives the roles and the Redis prefix from the database name, keeping the historical names for atrium', () => {
    expect(resolveInstallNames({ databaseName: 'atrium' })).toEqual({
      dbRolePrefix: 'atrium',
      dbRoles: { owner: 'atrium_owner', app: 'atrium_app', auditPurge: 'atrium_audit_purge' },
      redisPrefix: 'atrium:',
      bullPrefix: 'atrium',
    });
    expect(resolveInstallNames({ databaseName: 'shop_eu' }).dbRoles.app).toBe('shop_eu_app');
  });

  it('uses DB_ROLE_PREFIX and REDIS_PREFIX when given', () => {
    const names = resolveInstallNames({ databaseName: 'atrium', dbRolePrefix: 'tenant2', redisPrefix: 'eu:tenant2:' });
    expect(names.dbRoles).toEqual({ owner: 'tenant2_owner', app: 'tenant2_app', auditPurge: 'tenant2_audit_purge' });
    expect(names.redisPrefix).toBe('eu:tenant2:');
    expect(names.bullPrefix).toBe('eu:tenant2');
  });

  it('keeps the longest role name within PostgreSQL’s 63-byte identifiers', () => {
    const longest = 'p'.repeat(MAX_ROLE_PREFIX_LENGTH);
    expect(Buffer.byteLength(resolveInstallNames({ databaseName: longest }).dbRoles.auditPurge)).toBe(63);
    expect(() => resolveInstallNames({ databaseName: 'atrium', dbRolePrefix: `${longest}p` })).toThrow(
      /DB_ROLE_PREFIX/,
    );
  });

  it('refuses prefixes that are not lowercase identifiers, naming the variable to set', () => {
    for (const bad of ['Atrium', '1st', 'my-db', 'a b', '"x"', '']) {
      expect(() => resolveInstallNames({ databaseName: 'atrium', dbRolePrefix: bad })).toThrow(/DB_ROLE_PREFIX/);
    }
    expect(() => resolveInstallNames({ databaseName: 'My-Db', redisPrefix: 'x:' })).toThrow(
      /the database name "My-Db".*set DB_ROLE_PREFIX/,
    );
  });

  it('refuses Redis prefixes without the closing colon, with hash tags, globs or spaces', () => {
    for (const bad of ['atrium', 'a{b}:', 'a*:', 'a b:', ':', 'a::']) {
      expect(() => resolveInstallNames({ databaseName: 'atrium', redisPrefix: bad })).toThrow(/REDIS_PREFIX/);
    }
  });
});
