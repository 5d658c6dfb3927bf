/**
 * The seal context of an endpoint's signing secrets (server/crypto/secretBox.ts): a sealed secret
 * copied to another endpoint or org does not open.
 */
export function endpointSecretSealContext(orgId: string, endpointId: string): string {
  return `webhook-secret:${orgId}:${endpointId}`;
}
