/**
 * The import rules of Atrium (docs/decisions/023-module-boundaries.md), checked by
 * `npm run lint:imports` as a step of `npm test`. Each rule names the layer it protects; a
 * violation is an error, never a warning.
 *
 * Vocabulary:
 * - A **feature** is a folder that owns one capability of the product, with its own router,
 *   services or jobs: server/{access, activity, audit, auth, invitations, members, notifications,
 *   orgs, presence, roles, teams} and jobs/.
 * - A **transport** turns a caller into a call of the core: server/trpc, server/http, server/remix.
 * - **Infrastructure** is everything a feature builds on and that knows no feature:
 *   server/tenancy (the tenant unit of work), server/realtime (bus, outbox, live frames),
 *   server/authz (the policy engine), server/shared (pure modules the browser shares), server/crypto,
 *   server/net, the single modules server/{env, logger, errors, redis, secrets, installNames,
 *   database, databaseSetup}.ts, and db/.
 *
 * Tests (`*.test.ts` and the fixtures only they import) are exempt from the layer rules — an integration test wires layers on
 * purpose — but not from db/'s rule nor from the cycle rule. Type-only imports are seen
 * (tsPreCompilationDeps), so `import type` counts like any import for the layer rules except where
 * a rule says otherwise; the cycle rule follows runtime imports only, since a type-only import is
 * erased before anything runs.
 */
const FEATURES = [
  '^server/(access|activity|apiKeys|audit|auth|invitations|members|notifications|orgs|presence|roles|teams|webhooks)/',
  '^jobs/',
];
const TRANSPORTS = ['^server/(trpc|http|remix)/'];
/** Tests and the helpers only tests import (fixtures, test support, server/auth/testing/). */
const TESTS = '(\\.test\\.tsx?$|/(testFixtures|testSupport|orgFixtures)\\.ts$|^server/auth/testing/)';

module.exports = {
  forbidden: [
    {
      name: 'tenancy-imports-only-infrastructure',
      comment:
        'server/tenancy is the lowest layer of the server: the tenant unit of work. It may import ' +
        'itself, server/shared, env, logger, errors, database, redis and db/ — no feature, no ' +
        'transport, not realtime or audit (they register on its hooks instead).',
      severity: 'error',
      from: { path: '^server/tenancy/', pathNot: TESTS },
      to: {
        dependencyTypesNot: ['core'],
        pathNot: [
          '^server/tenancy/',
          '^server/shared/',
          '^server/(env|logger|errors|database|redis)\\.ts$',
          '^db/',
          '(^|/)node_modules/',
        ],
      },
    },
    {
      name: 'policy-engine-imports-no-feature-or-transport',
      comment:
        'server/authz is the policy engine (can/decide, conditions, queryFilter, effective ' +
        'permissions). Features call it; it knows none of them and no transport.',
      severity: 'error',
      from: { path: '^server/authz/', pathNot: TESTS },
      to: { path: [...FEATURES, ...TRANSPORTS] },
    },
    {
      name: 'realtime-imports-no-feature',
      comment: 'server/realtime carries events for every feature and knows none of them.',
      severity: 'error',
      from: { path: '^server/realtime/', pathNot: TESTS },
      to: { path: FEATURES },
    },
    {
      name: 'server-imports-nothing-from-jobs',
      comment:
        'Producers in server/ import job definitions, which live outside jobs/; jobs/ holds the ' +
        'handlers and the worker, which import server/. Only the process entry (server/index.ts) ' +
        'starts the workers.',
      severity: 'error',
      from: { path: '^server/', pathNot: [TESTS, '^server/index\\.ts$'] },
      to: { path: '^jobs/' },
    },
    {
      name: 'db-imports-nothing-from-server',
      comment:
        'db/ (schema, migrations, connection factories, setup) takes its configuration as ' +
        'arguments; server/database.ts and server/databaseSetup.ts pass it in.',
      severity: 'error',
      from: { path: '^db/' },
      to: { path: '^(server|jobs)/' },
    },
    {
      name: 'shared-is-pure',
      comment:
        'server/shared is what the browser bundle may import from the server: it imports only ' +
        'its neighbours and npm packages (zod) — no node built-ins, no db, no env, no server runtime.',
      severity: 'error',
      from: { path: '^server/shared/', pathNot: TESTS },
      to: { pathNot: ['^server/shared/', '(^|/)node_modules/'] },
    },
    {
      name: 'browser-imports-from-server-only-types-and-shared',
      comment:
        'An app/ module that is not *.server.ts(x) can end up in the browser bundle: from server/, ' +
        'jobs/ and db/ it imports only types, or runtime values from server/shared.',
      severity: 'error',
      // Tests run in Node, never in the bundle: app/lib/errors.test.ts checks the real AppError's shape.
      from: { path: '^app/', pathNot: ['\\.server\\.tsx?$', TESTS] },
      to: {
        path: '^(server|jobs|db)/',
        pathNot: '^server/shared/',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles between modules (runtime imports; type-only imports are erased).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    exclude: { path: ['(^|/)node_modules/', '^build/', '^\\.cache/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
