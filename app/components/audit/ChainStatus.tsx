/** Whether the org's hash chain verifies, checked in the background after the page loads. */
import { trpc } from '~/lib/trpc';
import { countOf } from '../../../server/shared/plural';

export function ChainStatus({ orgSlug }: { orgSlug: string }) {
  const verification = trpc.audit.verify.useQuery({ orgSlug }, { staleTime: 60_000, refetchOnWindowFocus: false });
  if (verification.isPending) {
    return (
      <span role="status" className="text-sm text-gray-500">
        Verifying chain…
      </span>
    );
  }
  if (verification.isError) {
    return (
      <span role="status" className="text-sm text-gray-500">
        Chain not verified: {verification.error.message}
      </span>
    );
  }
  const result = verification.data;
  if (result.ok) {
    return (
      <span role="status" className="rounded-md bg-emerald-50 px-2 py-1 text-sm font-medium text-emerald-700">
        Chain verified ✓ <span className="font-normal">({countOf(result.checked, 'event')})</span>
      </span>
    );
  }
  return (
    <span role="status" className="rounded-md bg-red-50 px-2 py-1 text-sm font-medium text-red-700">
      Chain broken at event #{result.broken?.seq}
      {result.broken?.id ? ` (${result.broken.id})` : ''}: {result.broken?.reason}
    </span>
  );
}
