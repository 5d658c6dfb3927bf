/**
 * REST routes that answer a file instead of JSON: the route names its procedure as any other
 * (./routes.ts, `file: …`), the procedure runs unchanged — permission, conditions, input and output
 * schemas — and the file is made from its output here. So a download can never show more than
 * the JSON route beside it.
 */
import { invoiceFileName } from '../billing/invoices/pdfText';
import { renderInvoicePdf } from '../billing/invoices/pdf';
import { ZInvoiceDetail } from '../shared/invoiceSchemas';

export type FileAnswer = {
  contentType: string;
  /** For the OpenAPI document. */
  description: string;
  render(output: unknown): Promise<{ body: Buffer; filename: string }>;
};

export const FILE_ANSWERS = {
  invoicePdf: {
    contentType: 'application/pdf',
    description: 'The invoice as a PDF rendered by Atrium, as an attachment named `invoice-<number>.pdf`',
    async render(output) {
      const invoice = ZInvoiceDetail.parse(output);
      return { body: await renderInvoicePdf(invoice), filename: invoiceFileName(invoice) };
    },
  },
} satisfies Record<string, FileAnswer>;

export type FileAnswerName = keyof typeof FILE_ANSWERS;
