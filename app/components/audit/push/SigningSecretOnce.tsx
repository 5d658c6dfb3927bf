/**
 * The signing secret, shown once: right after it was issued (configure or rotate), never again —
 * the server keeps only a sealed copy. The field is read-only and selectable without JavaScript;
 * with JavaScript a button copies it.
 */
import { Callout } from '~/components/ui/tremor';
import { useEffect, useId, useState } from 'react';

export function SigningSecretOnce({ secret }: { secret: string }) {
  const id = useId();
  const [isHydrated, setHydrated] = useState(false);
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  useEffect(() => setHydrated(true), []);

  const copy = () => {
    navigator.clipboard.writeText(secret).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };

  return (
    <Callout title="Your new signing secret" color="amber" role="status">
      <p className="text-sm">
        Copy it now and store it with your receiver: <strong>you won’t see it again</strong>. Use it to check the
        Atrium-Signature header of every request.
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <label htmlFor={id} className="sr-only">
          Signing secret
        </label>
        <input
          id={id}
          readOnly
          value={secret}
          data-testid="push-signing-secret"
          onFocus={(event) => event.currentTarget.select()}
          className="min-w-0 flex-1 rounded-md border border-amber-300 bg-white px-3 py-2 font-mono text-sm text-gray-900"
        />
        {isHydrated ? (
          <button
            type="button"
            onClick={copy}
            className="rounded-md border border-amber-400 bg-white px-3 py-2 text-sm font-medium text-amber-900 hover:bg-amber-50"
          >
            {copied === 'yes' ? 'Copied' : 'Copy'}
          </button>
        ) : null}
      </div>
      {copied === 'failed' ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          The browser did not allow copying; select the text and copy it yourself.
        </p>
      ) : null}
    </Callout>
  );
}
