/**
 * A secret shown once: right after it was issued (an API key token, a push signing secret), in
 * that action's response, never again — the server keeps only a hash or a sealed copy. The field is
 * read-only and selectable without JavaScript; with JavaScript a button copies it.
 */
import type { ReactNode } from 'react';
import { useEffect, useId, useState } from 'react';
import { Callout } from '~/components/ui/tremor';

type SecretOnceProps = {
  title: string;
  /** What to do with it; says it will not be shown again. */
  children: ReactNode;
  value: string;
  /** The field's accessible name. */
  label: string;
  copyLabel: string;
  testId: string;
};

export function SecretOnce({ title, children, value, label, copyLabel, testId }: SecretOnceProps) {
  const id = useId();
  const [isHydrated, setHydrated] = useState(false);
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  useEffect(() => setHydrated(true), []);

  const copy = () => {
    navigator.clipboard.writeText(value).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };

  return (
    <Callout title={title} color="amber" role="status">
      <p className="text-sm">{children}</p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <label htmlFor={id} className="sr-only">
          {label}
        </label>
        <input
          id={id}
          readOnly
          value={value}
          data-testid={testId}
          onFocus={(event) => event.currentTarget.select()}
          className="min-w-0 flex-1 rounded-md border border-amber-300 bg-white px-3 py-2 font-mono text-sm text-gray-900"
        />
        {isHydrated ? (
          <button
            type="button"
            onClick={copy}
            className="rounded-md border border-amber-400 bg-white px-3 py-2 text-sm font-medium text-amber-900 hover:bg-amber-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-amber-500"
          >
            {copied === 'yes' ? 'Copied' : copyLabel}
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
