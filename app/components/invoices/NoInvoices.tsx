/** The empty list: where invoices come from. */
import { Card, Text } from '~/components/ui/tremor';

export function NoInvoices() {
  return (
    <Card className="space-y-2" data-testid="no-invoices">
      <h2 className="text-lg font-semibold text-gray-900">No invoices yet</h2>
      <Text>No invoices yet — they appear here once Stripe bills the organization.</Text>
    </Card>
  );
}
