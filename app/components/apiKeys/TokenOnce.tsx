/**
 * A new API key token, shown once: right after create or rotate, in that action's response, never
 * again (the server keeps only a hash). The field is read-only and selectable without JavaScript;
 * with JavaScript a button copies it.
 */
import { Callout } from '~/components/ui/tremor';
import { useEffect, useId, useState } from 'react';

export function TokenOnce({ token, keyName }: { token: string; keyName: string }) {
  const id = useId();
  const [isHydrated, setHydrated] = useState(false);
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  useEffect(() => setHydrated(true), []);

  const copy = () => {
    navigator.clipboard.writeText(token).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };

  return (
    <Callout title={`The token of “${keyName}”`} color="amber" role="status">
      <p className="text-sm">
        Copy it now and store it where your integration reads it: <strong>you will not see it again</strong>.
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <label htmlFor={id} className="sr-only">
          API key token
        </label>
        <input
          id={id}
          readOnly
          value={token}
          data-testid="api-key-token"
          onFocus={(event) => event.currentTarget.select()}
          className="min-w-0 flex-1 rounded-md border border-amber-300 bg-white px-3 py-2 font-mono text-sm text-gray-900"
        />
        {isHydrated ? (
          <button
            type="button"
            onClick={copy}
            className="rounded-md border border-amber-400 bg-white px-3 py-2 text-sm font-medium text-amber-900 hover:bg-amber-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-amber-500"
          >
            {copied === 'yes' ? 'Copied' : 'Copy token'}
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
