/**
 * The API key procedures: wiring only — input/output schemas, the declared permission, the audit
 * declaration, a service call. Every mutation's audit before/after is the key's snapshot
 * (queries.ts), so neither the token nor a hash can reach the trail.
 */
import { fromInput, fromOutput } from '../audit/declaration';
import { roleActorOf } from '../authz/actorPower';
import { router } from '../trpc/init';
import { orgProcedure } from '../trpc/procedures';
import { apiKeySnapshot, listApiKeys } from './queries';
import {
  ZApiKeyList,
  ZApiKeyView,
  ZApiKeyWithToken,
  ZCreateApiKeyInput,
  ZDeleteApiKeyInput,
  ZRevokeApiKeyInput,
  ZRotateApiKeyInput,
} from './schemas';
import { createApiKey, deleteApiKey, revokeApiKey, rotateApiKey } from './service';
import { z } from 'zod';

const manageKeys = orgProcedure.meta({ permission: 'api_keys:manage' });
const audited = (action: string, id: ReturnType<typeof fromInput>) => ({
  audit: { action, resource: 'api_key', id, snapshot: apiKeySnapshot },
});

export const apiKeysRouter = router({
  list: manageKeys.output(ZApiKeyList).query(({ ctx }) => listApiKeys(ctx.db, ctx.org.id)),

  create: manageKeys
    .meta(audited('apiKey.create', fromOutput('id')))
    .input(ZCreateApiKeyInput)
    .output(ZApiKeyWithToken)
    .mutation(({ ctx, input }) => createApiKey(ctx.db, roleActorOf(ctx), input)),

  rotate: manageKeys
    .meta(audited('apiKey.rotate', fromInput('keyId')))
    .input(ZRotateApiKeyInput)
    .output(ZApiKeyWithToken)
    .mutation(({ ctx, input }) => rotateApiKey(ctx.db, ctx.org.id, input)),

  revoke: manageKeys
    .meta(audited('apiKey.revoke', fromInput('keyId')))
    .input(ZRevokeApiKeyInput)
    .output(ZApiKeyView)
    .mutation(({ ctx, input }) => revokeApiKey(ctx.db, ctx.org.id, input.keyId)),

  delete: manageKeys
    .meta(audited('apiKey.delete', fromInput('keyId')))
    .input(ZDeleteApiKeyInput)
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => deleteApiKey(ctx.db, ctx.org.id, input)),
});
