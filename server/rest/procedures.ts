/**
 * The REST transport's one reader of tRPC internals: a procedure's input parsers, output parser,
 * meta and type (`_def`), which the route table and the OpenAPI document are built from. tRPC
 * keeps them on every procedure but does not promise their shape; procedures.test.ts fails loudly
 * when an upgrade moves them.
 */
import { z, type AnyZodObject, type ZodTypeAny } from 'zod';
import type { AnyTRPCProcedure } from '@trpc/server';
import type { Meta } from '../trpc/init';
import { appRouter, type AppRouter } from '../trpc/router';

/** The dotted paths of a router record's procedures, sub-routers included ("usage.metrics.list"). */
type PathsOf<R> = {
  [K in keyof R & string]: R[K] extends AnyTRPCProcedure ? K : `${K}.${PathsOf<R[K]>}`;
}[keyof R & string];

/** "members.list": every procedure of the app router by its dotted path (a typo is a compile error). */
export type ProcedurePath = PathsOf<AppRouter['_def']['record']>;

export type ProcedureType = 'query' | 'mutation' | 'subscription';

export type ProcedureShape = {
  type: ProcedureType;
  meta: Meta;
  /** Every input parser of the chain merged (orgSlug from memberProcedure included). */
  input: AnyZodObject;
  output: ZodTypeAny | null;
};

type RawDef = { type?: unknown; meta?: unknown; inputs?: unknown; output?: unknown };

function isZodObject(parser: unknown): parser is AnyZodObject {
  return parser instanceof z.ZodObject;
}

export function procedureShape(path: ProcedurePath): ProcedureShape {
  const procedures = appRouter._def.procedures as Record<string, { _def?: RawDef } | undefined>;
  const def = procedures[path]?._def;
  if (!def) throw new Error(`no procedure ${path} in the app router`);
  const { type, inputs, output } = def;
  if (type !== 'query' && type !== 'mutation' && type !== 'subscription') {
    throw new Error(`procedure ${path}: unknown type ${String(type)}`);
  }
  if (!Array.isArray(inputs) || !inputs.every(isZodObject)) {
    throw new Error(`procedure ${path}: its inputs are not zod objects`);
  }
  const input = inputs.reduce<AnyZodObject>((merged, parser) => merged.merge(parser), z.object({}));
  return {
    type,
    meta: (def.meta ?? {}) as Meta,
    input,
    output: output instanceof z.ZodType ? output : null,
  };
}
