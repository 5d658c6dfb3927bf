/**
 * The API key procedures: wiring only — input/output schemas, the declared permission, the audit
 * declaration (./audit.ts: snapshots that hold no secret), a service call.
 */
import { roleActorOf } from '../authz/actorPower';
import { router } from '../trpc/init';
import { orgProcedure } from '../trpc/procedures';
import { API_KEY_AUDIT } from './audit';
import { listApiKeys } from './queries';
import {
  ZApiKeyList,
  ZApiKeyView,
  ZApiKeyWithToken,
  ZCreateApiKeyInput,
  ZDeleteApiKeyInput,
  ZDeleteApiKeyResult,
  ZRevokeApiKeyInput,
  ZRotateApiKeyInput,
} from './schemas';
import { createApiKey, deleteApiKey, revokeApiKey, rotateApiKey } from './service';

const manageKeys = orgProcedure.meta({ permission: 'api_keys:manage' });

export const apiKeysRouter = router({
  list: manageKeys.output(ZApiKeyList).query(({ ctx }) => listApiKeys(ctx.db, ctx.org.id)),

  create: manageKeys
    .meta({ audit: API_KEY_AUDIT.create })
    .input(ZCreateApiKeyInput)
    .output(ZApiKeyWithToken)
    .mutation(({ ctx, input }) => createApiKey(ctx.db, roleActorOf(ctx), input)),

  rotate: manageKeys
    .meta({ audit: API_KEY_AUDIT.rotate })
    .input(ZRotateApiKeyInput)
    .output(ZApiKeyWithToken)
    .mutation(({ ctx, input }) => rotateApiKey(ctx.db, ctx.org.id, ctx.user.id, input)),

  revoke: manageKeys
    .meta({ audit: API_KEY_AUDIT.revoke })
    .input(ZRevokeApiKeyInput)
    .output(ZApiKeyView)
    .mutation(({ ctx, input }) => revokeApiKey(ctx.db, ctx.org.id, ctx.user.id, input.keyId)),

  delete: manageKeys
    .meta({ audit: API_KEY_AUDIT.delete })
    .input(ZDeleteApiKeyInput)
    .output(ZDeleteApiKeyResult)
    .mutation(({ ctx, input }) => deleteApiKey(ctx.db, ctx.org.id, ctx.user.id, input)),
});
