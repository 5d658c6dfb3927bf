/**
 * An endpoint's signing secret, the Standard Webhooks way: `whsec_` and the base64 of 32 random
 * bytes (the key is those bytes). It is returned once, by create or rotate, and stored only sealed
 * (server/crypto/secretBox.ts) under the endpoint's own context, so a sealed value copied to
 * another endpoint or org does not open. Opening is for signing a request, nothing else.
 */
import { randomBytes } from 'node:crypto';
import { open, seal } from '../crypto/secretBox';
import { env } from '../env';
import { endpointSecretSealContext } from './secretSeal';

export const ENDPOINT_SECRET_PREFIX = 'whsec_';

export function newEndpointSecret(): string {
  return `${ENDPOINT_SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

export function sealEndpointSecret(orgId: string, endpointId: string, secret: string): string {
  return seal(env.encryptionKey, secret, endpointSecretSealContext(orgId, endpointId));
}

export function openEndpointSecret(orgId: string, endpointId: string, sealed: string): string {
  return open(env.encryptionKey, sealed, endpointSecretSealContext(orgId, endpointId));
}
