/** A new API key token, shown once (after create or rotate); the server keeps only its hash. */
import { SecretOnce } from '~/components/SecretOnce';

export function TokenOnce({ token, keyName }: { token: string; keyName: string }) {
  return (
    <SecretOnce
      title={`The token of “${keyName}”`}
      value={token}
      label="API key token"
      copyLabel="Copy token"
      testId="api-key-token"
    >
      Copy it now and store it where your integration reads it: <strong>you will not see it again</strong>.
    </SecretOnce>
  );
}
