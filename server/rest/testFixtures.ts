/**
 * REST test support: the API on an express app listening on an ephemeral loopback port (the same
 * router server/index.ts mounts), API keys made through the apiKeys procedures, and a small
 * fetch wrapper. Only imported by tests.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import type { Person } from '../roles/testFixtures';
import { API_BASE_PATH } from './openapi';
import { createRestRouter, type RestOptions } from './router';

/** An error answer as the tests read it (server/rest/errors.ts writes it). */
export type RestErrorAnswer = {
  code: string;
  message: string;
  requestId: string;
  details: { fields: { field: string; in: string; message: string }[]; permission?: string; [key: string]: unknown };
};

/** A JSON answer: `error` on a refusal, the procedure's output (read by the test's own casts) otherwise. */
export type RestAnswer = { error: RestErrorAnswer; [key: string]: unknown };

export type TestApi = {
  base: string;
  call(
    method: string,
    path: string,
    options?: { token?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; headers: Headers; body: RestAnswer; text: string }>;
  close(): Promise<void>;
};

export async function startTestApi(options: RestOptions = {}): Promise<TestApi> {
  const app = express();
  app.set('trust proxy', 'loopback');
  app.use(API_BASE_PATH, createRestRouter(options));
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${API_BASE_PATH}`;
  return {
    base,
    async call(method, path, { token, body, rawBody, headers = {} } = {}) {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined || rawBody !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      const text = await response.text();
      let parsed: unknown = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = null;
      }
      return { status: response.status, headers: response.headers, body: parsed as RestAnswer, text };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A key made by `by` in its org, through the same procedure the portal calls; returns its token and id. */
export async function createTestKey(
  by: Person,
  orgSlug: string,
  input: { name?: string; scopes: string[]; ipAllowlist?: string[] },
): Promise<{ token: string; id: string }> {
  const created = await by.caller.apiKeys.create({
    orgSlug,
    name: input.name ?? 'REST test key',
    scopes: input.scopes,
    ipAllowlist: input.ipAllowlist ?? [],
  } as Parameters<Person['caller']['apiKeys']['create']>[0]);
  return { token: created.token, id: created.id };
}
