/**
 * The usage page's period selector: links that set `?range=` (a period is a URL: shareable, the
 * back button undoes it, works without JavaScript), the current one marked for screen readers.
 */
import { Link } from '@remix-run/react';
import { USAGE_RANGES, USAGE_RANGE_SPECS, type UsageRange } from '../../../server/shared/usageRanges';

const SHORT: Record<UsageRange, string> = { '24h': '24h', '7d': '7d', '30d': '30d', '90d': '90d', '12m': '12m' };

export function PeriodPicker({ range }: { range: UsageRange }) {
  return (
    <nav aria-label="Usage period">
      <ul className="flex flex-wrap gap-1">
        {USAGE_RANGES.map((choice) => {
          const isCurrent = choice === range;
          return (
            <li key={choice}>
              <Link
                to={`?range=${choice}`}
                preventScrollReset
                aria-current={isCurrent ? 'page' : undefined}
                aria-label={USAGE_RANGE_SPECS[choice].label}
                className={`inline-block rounded-md border px-3 py-1 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-1 ${
                  isCurrent
                    ? 'border-blue-600 bg-blue-600 text-white'
                    : 'border-gray-300 text-gray-700 hover:bg-gray-50'
                }`}
              >
                {SHORT[choice]}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
