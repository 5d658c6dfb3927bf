/** The push signing secret, shown once (after configure or rotate); the server keeps only a sealed copy. */
import { SecretOnce } from '~/components/SecretOnce';

export function SigningSecretOnce({ secret }: { secret: string }) {
  return (
    <SecretOnce
      title="Your new signing secret"
      value={secret}
      label="Signing secret"
      copyLabel="Copy"
      testId="push-signing-secret"
    >
      Copy it now and store it with your receiver: <strong>you won’t see it again</strong>. Use it to check the
      Atrium-Signature header of every request.
    </SecretOnce>
  );
}
