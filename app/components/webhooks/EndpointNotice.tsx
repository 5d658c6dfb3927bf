/**
 * Why an endpoint needs attention (disabled by a 410 or by failing, failing now), in colours that
 * pass WCAG AA: Tremor's amber Callout writes amber-500-ish text on a pale tint (axe: contrast).
 */
import type { ReactNode } from 'react';

const TONES = {
  red: 'border-red-300 bg-red-50 text-red-900',
  amber: 'border-amber-300 bg-amber-50 text-amber-900',
} as const;

export function EndpointNotice({
  tone,
  title,
  children,
}: {
  tone: keyof typeof TONES;
  title: string;
  children: ReactNode;
}) {
  return (
    <div className={`rounded-tremor-default border-l-4 p-4 text-sm ${TONES[tone]}`} data-testid="endpoint-notice">
      <p className="font-semibold">{title}</p>
      <p className="mt-1">{children}</p>
    </div>
  );
}
