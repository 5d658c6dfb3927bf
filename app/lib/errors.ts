/** Turns a tRPC error from createCaller into what a form shows: a message and per-field errors. */
import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';

export type ActionFailure = { ok: false; message: string; fieldErrors: Record<string, string[] | undefined> };

export function toActionFailure(error: unknown): ActionFailure {
  if (error instanceof TRPCError) {
    if (error.cause instanceof ZodError) {
      return {
        ok: false,
        message: 'Please correct the highlighted fields.',
        fieldErrors: error.cause.flatten().fieldErrors,
      };
    }
    if (error.code !== 'INTERNAL_SERVER_ERROR') return { ok: false, message: error.message, fieldErrors: {} };
  }
  throw error;
}
