/**
 * Every procedure from the router walk, fed generated and hostile input (fast-check): NUL and
 * lone surrogates, 10k characters, HTML, SQL fragments, out-of-range numbers and dates, forged
 * cursors, wrong types. Whatever comes in, the answer is a result or a deliberate refusal —
 * never INTERNAL_SERVER_ERROR, and never a message that carries SQL or database text.
 *
 * Inputs follow each procedure's own zod schemas (read from the procedure), so most calls get
 * past the parts a caller cannot get wrong and reach the service and the database. Calls go
 * through createCaller as the org's Owner, which throws the procedure's error as it is — before
 * any formatter could hide it. Each procedure gets its own organization, so a mutation that
 * succeeds (or signs the owner out) changes nothing another procedure is tested against.
 */
import { TRPCError } from '@trpc/server';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { z, ZodError, type ZodTypeAny } from 'zod';
import { rolesTestOrg } from '../roles/testFixtures';
import { createContext, type Context } from './context';
import type { Meta } from './init';
import { appRouter, createCaller } from './router';

type ProcedureType = 'query' | 'mutation' | 'subscription';
type Walked = { path: string; type: ProcedureType; inputs: ZodTypeAny[]; meta: Meta };

const procedures: Walked[] = Object.entries(
  appRouter._def.procedures as unknown as Record<
    string,
    { _def: { type: ProcedureType; inputs: ZodTypeAny[]; meta?: Meta } }
  >,
).map(([path, p]) => ({ path, type: p._def.type, inputs: p._def.inputs, meta: p._def.meta ?? {} }));

/** What a database or driver error looks like when it leaks into a message. */
const SQL_TEXT = [
  /\b(select|insert|update|delete)\b[\s\S]*\b(from|into|set|where)\b/i,
  /syntax for type/i,
  /violates/i,
  /relation "/i,
  /invalid byte sequence/i,
  /out of range/i,
  /Failed query/i,
  /\bparams:/i,
];

const cursorOf = (key: unknown, id: unknown) => Buffer.from(JSON.stringify([key, id]), 'utf8').toString('base64url');

const HOSTILE_TEXT = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'team \udc00',
  '\ud83d\ude00\ud800',
  'x'.repeat(10_000),
  'é'.repeat(5_000),
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' or 1=1 --",
  "'; drop table users; --",
  'select * from users where id = 1',
  '%00',
  '\\',
  '${7*7}',
  '../../etc/passwd',
  'null',
  '-1',
  '0',
  '999999999999999',
  '999999999999999999',
  '253402300800000.1',
  '1.1',
  '0.0',
  'not-a-date',
  '2026-13-45 25:61:61+00',
  'ownerPerson@example.test',
  'x@example.com',
  'https://127.0.0.1/hook',
  'acme.com',
  '/o/acme',
  cursorOf('not a date', randomUUID()),
  cursorOf('2026-02-30 10:00:00+00', randomUUID()),
  cursorOf('\u0000', randomUUID()),
  cursorOf(12, 'x'),
  cursorOf('a', '\u0000'),
  Buffer.from('garbage').toString('base64url'),
];

const hostileText = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
);

const hostileNumber = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -1, 1, 2, 2 ** 31, 2 ** 53, 1e300, -1e300, 1.5, Number.MAX_SAFE_INTEGER, Infinity, NaN),
);

const hostileDate = fc.oneof(
  fc.date(),
  fc.constantFrom(new Date(8.64e15), new Date(-8.64e15), new Date(0), new Date(Number.NaN)),
);

const wrongType = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  hostileNumber,
  hostileText,
  fc.constant({}),
  fc.constant([]),
  fc.constant({ $ne: null }),
);

/** An arbitrary for values of roughly the schema's shape, hostile inside, sometimes of the wrong type. */
function arbitraryFor(schema: ZodTypeAny, depth = 0): fc.Arbitrary<unknown> {
  const shaped = shapedFor(schema, depth);
  return depth > 4 ? shaped : fc.oneof({ weight: 6, arbitrary: shaped }, { weight: 1, arbitrary: wrongType });
}

function shapedFor(schema: ZodTypeAny, depth: number): fc.Arbitrary<unknown> {
  const def = schema._def as { typeName: string } & Record<string, unknown>;
  switch (def.typeName) {
    case 'ZodString':
      return hostileText;
    case 'ZodNumber':
      return hostileNumber;
    case 'ZodBoolean':
      return fc.boolean();
    case 'ZodDate':
      return hostileDate;
    case 'ZodEnum':
      return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...(def.values as string[])) }, hostileText);
    case 'ZodLiteral':
      return fc.constant(def.value);
    case 'ZodOptional':
      return fc.option(arbitraryFor(def.innerType as ZodTypeAny, depth + 1), { nil: undefined });
    case 'ZodNullable':
      return fc.option(arbitraryFor(def.innerType as ZodTypeAny, depth + 1), { nil: null });
    case 'ZodDefault':
      return fc.option(arbitraryFor(def.innerType as ZodTypeAny, depth + 1), { nil: undefined });
    case 'ZodEffects':
      return shapedFor(def.schema as ZodTypeAny, depth);
    case 'ZodPipeline':
      return shapedFor(def.in as ZodTypeAny, depth);
    case 'ZodArray':
      return fc.array(arbitraryFor(def.type as ZodTypeAny, depth + 1), { maxLength: 3 });
    case 'ZodRecord':
      return fc.dictionary(hostileText, arbitraryFor(def.valueType as ZodTypeAny, depth + 1), { maxKeys: 3 });
    case 'ZodUnion':
      return fc.oneof(...(def.options as ZodTypeAny[]).map((option) => arbitraryFor(option, depth + 1)));
    case 'ZodObject': {
      const shape = (schema as z.AnyZodObject).shape as Record<string, ZodTypeAny>;
      return fc.record(
        Object.fromEntries(Object.entries(shape).map(([key, value]) => [key, arbitraryFor(value, depth + 1)])),
      );
    }
    default:
      return wrongType;
  }
}

/** The procedure's whole input: every `.input()` it stacks, merged, with the org's real slug mostly. */
function inputFor(procedure: Walked, orgSlug: string): fc.Arbitrary<unknown> {
  const parts = procedure.inputs.map((schema) => shapedFor(schema, 0));
  const merged = fc
    .tuple(...parts)
    .map((values) => Object.assign({}, ...values.map((v) => (v && typeof v === 'object' ? v : {}))) as object);
  const withSlug = fc
    .tuple(merged, fc.oneof({ weight: 9, arbitrary: fc.constant(orgSlug) }, { weight: 1, arbitrary: hostileText }))
    .map(([input, slug]) => ('orgSlug' in input || procedure.meta.permission ? { ...input, orgSlug: slug } : input));
  return fc.oneof({ weight: 12, arbitrary: withSlug }, { weight: 1, arbitrary: wrongType });
}

type Callable = (input: unknown) => unknown;

function procedureOf(ctx: Context, path: string, signal: AbortSignal): Callable {
  const caller = createCaller(ctx, { signal });
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as Callable;
}

/** Runs the call; a subscription is opened, read for a moment (replay runs first), then aborted. */
async function settle(ctx: Context, path: string, input: unknown): Promise<unknown> {
  const abort = new AbortController();
  try {
    const result = await procedureOf(ctx, path, abort.signal)(input);
    if (result && typeof result === 'object' && Symbol.asyncIterator in result) {
      const iterator = (result as AsyncIterable<unknown>)[Symbol.asyncIterator]();
      const first = iterator.next();
      await Promise.race([first, new Promise((resolve) => setTimeout(resolve, 25))]);
      abort.abort();
      await first;
      await iterator.return?.();
    }
    return null;
  } catch (error) {
    return abort.signal.aborted && !(error instanceof TRPCError) ? null : error;
  } finally {
    abort.abort();
  }
}

function problemWith(error: unknown): string | null {
  if (error === null) return null;
  if (!(error instanceof TRPCError)) return `not a TRPCError: ${String(error)}`;
  if (error.code === 'INTERNAL_SERVER_ERROR') return `INTERNAL_SERVER_ERROR: ${error.message}`;
  // zod's own message echoes the input; it never leaves (the formatter and the forms replace it).
  if (error.cause instanceof ZodError) return null;
  const leaked = SQL_TEXT.find((pattern) => pattern.test(error.message));
  return leaked ? `${error.code} with database text (${String(leaked)}): ${error.message.slice(0, 300)}` : null;
}

describe('hostile input to every procedure', () => {
  it('walks procedures of every kind', () => {
    expect(procedures.length).toBeGreaterThan(50);
    expect(new Set(procedures.map((p) => p.type))).toEqual(new Set(['query', 'mutation', 'subscription']));
  });

  /** Reads share one organization; each mutation gets its own, so what one changes cannot mask another. */
  type Owner = { ctx: Context; orgSlug: string };
  let shared: Promise<Owner> | undefined;
  async function ownerOf(label: string): Promise<Owner> {
    const org = await rolesTestOrg(label);
    // A cookie writer like HTTP's, so sign-in and sign-out procedures run as they do there.
    const ctx = await createContext({
      headers: { cookie: org.owner.cookie },
      ip: '127.0.0.1',
      appendSetCookie: () => {},
    });
    return { ctx, orgSlug: org.slug };
  }

  describe.each(procedures)('$path ($type)', (procedure) => {
    let ctx: Context;
    let orgSlug: string;

    beforeAll(async () => {
      const label = `hostile-${procedure.path.replace(/\W+/g, '-').toLowerCase().slice(0, 16)}`;
      ({ ctx, orgSlug } = await (procedure.type === 'mutation' ? ownerOf(label) : (shared ??= ownerOf('hostile'))));
    });

    it('answers with a result or a deliberate refusal, never a 500 or database text', async () => {
      await fc.assert(
        fc.asyncProperty(inputFor(procedure, orgSlug), async (input) => {
          const problem = problemWith(await settle(ctx, procedure.path, input));
          if (problem) throw new Error(problem);
        }),
        { numRuns: procedure.type === 'subscription' ? 8 : 20, endOnFailure: true },
      );
    }, 60_000);
  });
});
