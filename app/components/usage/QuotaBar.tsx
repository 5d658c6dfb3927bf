/**
 * A quota bar: how much of the plan's monthly allowance is used, blue below 80 %, amber from 80 %,
 * red from 100 %, with an upgrade link to the billing page once it is 80 % full. A <meter>-like
 * progressbar with its numbers in words for screen readers.
 */
import { Link } from '@remix-run/react';
import { Card } from '~/components/ui/tremor';
import { quotaFill, quotaSentence, type QuotaTone } from './usageChartData';

const BAR: Record<QuotaTone, string> = {
  ok: 'bg-blue-600',
  warning: 'bg-amber-500',
  reached: 'bg-red-600',
  unlimited: 'bg-gray-300',
};

const NOTE: Record<QuotaTone, string | null> = {
  ok: null,
  warning: 'Nearing this plan’s limit.',
  reached: 'This plan’s limit is reached.',
  unlimited: null,
};

export function QuotaBar({
  label,
  noun,
  used,
  limit,
  upgradeHref,
  upgradeName,
  testId,
}: {
  label: string;
  noun: string;
  used: number;
  limit: number | null;
  upgradeHref: string | null;
  upgradeName: string | null;
  testId: string;
}) {
  const fill = quotaFill(used, limit);
  const sentence = quotaSentence(used, limit, noun);
  const note = NOTE[fill.tone];
  return (
    <Card className="min-w-0" data-testid={testId} data-tone={fill.tone}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-tremor-default font-medium text-tremor-content-strong">{label}</h2>
        <p className="text-sm text-gray-700">{sentence}</p>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={fill.width}
        aria-valuetext={sentence}
        className="mt-3 h-3 w-full overflow-hidden rounded-full bg-gray-100"
      >
        <div className={`h-full rounded-full ${BAR[fill.tone]}`} style={{ width: `${fill.width}%` }} />
      </div>
      {note ? (
        <p className={`mt-2 text-sm ${fill.tone === 'reached' ? 'text-red-700' : 'text-amber-800'}`}>
          {note}{' '}
          {upgradeHref ? (
            <Link
              to={upgradeHref}
              className="font-medium text-blue-700 underline hover:text-blue-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
            >
              Upgrade{upgradeName ? ` to ${upgradeName}` : ''}
            </Link>
          ) : null}
        </p>
      ) : null}
    </Card>
  );
}
