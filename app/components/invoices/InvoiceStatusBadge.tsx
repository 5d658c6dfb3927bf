/** An invoice's status as a badge with its word. */
import { Badge } from '~/components/Badge';
import type { InvoiceStatusValue } from '../../../server/shared/invoiceSchemas';
import { INVOICE_STATUS_DISPLAY } from './invoiceDisplay';

export function InvoiceStatusBadge({ status }: { status: InvoiceStatusValue }) {
  const display = INVOICE_STATUS_DISPLAY[status];
  return (
    <Badge color={display.color} data-testid="invoice-status">
      {display.label}
    </Badge>
  );
}
