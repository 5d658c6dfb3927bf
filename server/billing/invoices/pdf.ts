/**
 * The invoice as a PDF, rendered by the portal with pdfkit from what invoices.get returns — so the
 * download shows exactly what the reader may see. A4: the vendor (env VENDOR_NAME, VENDOR_ADDRESS
 * split on "|", VENDOR_TAX_ID) and the invoice's facts, the customer's snapshot as billed, the line
 * items (the table continues on the next page, header repeated, when they do not fit), the
 * totals, Stripe's hosted links when Stripe made them, a PAID mark on a paid invoice, and page
 * numbers. Every string passes through ./pdfText.ts first; nothing here reads the database.
 */
import PDFDocument from 'pdfkit';
import { env } from '../../env';
import type { InvoiceAddress, InvoiceDetail } from '../../shared/invoiceSchemas';
import { formatMoney } from '../../shared/money';
import { pdfText } from './pdfText';

export type InvoiceVendor = { name: string; addressLines: string[]; taxId: string };

/** The vendor the portal bills as, from the environment. */
export function invoiceVendor(): InvoiceVendor {
  return {
    name: env.VENDOR_NAME,
    addressLines: env.VENDOR_ADDRESS.split('|')
      .map((line) => line.trim())
      .filter(Boolean),
    taxId: env.VENDOR_TAX_ID,
  };
}

const MARGIN = 50;
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const GRAY = '#4b5563';
const LINE_DESCRIPTION_MAX = 600;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const STATUS_LABELS: Record<InvoiceDetail['status'], string> = {
  draft: 'Draft',
  open: 'Open',
  paid: 'Paid',
  void: 'Void',
  uncollectible: 'Uncollectible',
};

/** "3 Dec 2026", in UTC: an invoice's dates are days. */
function formatDay(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

function formatPeriod(start: string | null, end: string | null): string {
  if (!start && !end) return '—';
  return `${formatDay(start)} – ${formatDay(end)}`;
}

function addressLines(address: InvoiceAddress | null): string[] {
  if (!address) return [];
  const cityLine = [address.postalCode, address.city].filter(Boolean).join(' ');
  return [address.line1, address.line2, cityLine, address.region, address.country]
    .map((line) => pdfText(line, 120))
    .filter(Boolean);
}

type Doc = PDFKit.PDFDocument;

/** Column x positions and widths of the line items table. */
function tableColumns(doc: Doc) {
  const right = doc.page.width - MARGIN;
  const amount = { x: right - 90, width: 90 };
  const unit = { x: amount.x - 95, width: 90 };
  const quantity = { x: unit.x - 65, width: 60 };
  const description = { x: MARGIN, width: quantity.x - MARGIN - 10 };
  return { description, quantity, unit, amount, right };
}

function bottomLimit(doc: Doc): number {
  return doc.page.height - MARGIN - 20;
}

function drawHeader(doc: Doc, invoice: InvoiceDetail, vendor: InvoiceVendor): void {
  const top = MARGIN;
  doc.font(BOLD).fontSize(16).fillColor('black').text(pdfText(vendor.name, 80), MARGIN, top, { width: 260 });
  doc.font(FONT).fontSize(9).fillColor(GRAY);
  for (const line of vendor.addressLines) doc.text(pdfText(line, 80), { width: 260 });
  if (vendor.taxId) doc.text(`Tax ID: ${pdfText(vendor.taxId, 40)}`, { width: 260 });
  const vendorBottom = doc.y;

  const x = doc.page.width - MARGIN - 220;
  doc.font(BOLD).fontSize(20).fillColor('black').text('Invoice', x, top, { width: 220, align: 'right' });
  doc.font(FONT).fontSize(9);
  const facts: [string, string][] = [
    ['Number', pdfText(invoice.number ?? 'Draft', 60)],
    ['Issued', formatDay(invoice.issuedAt)],
    ['Due', formatDay(invoice.dueAt)],
    ['Period', formatPeriod(invoice.periodStart, invoice.periodEnd)],
    ['Status', STATUS_LABELS[invoice.status]],
  ];
  let y = doc.y + 4;
  for (const [label, value] of facts) {
    doc.fillColor(GRAY).text(label, x, y, { width: 60, align: 'right' });
    doc.fillColor('black').text(value, x + 68, y, { width: 152 });
    y = doc.y + 1;
  }
  if (invoice.status === 'paid') {
    doc.save();
    doc.rotate(-12, { origin: [x + 110, top + 125] });
    doc.font(BOLD).fontSize(28).fillColor('#047857').opacity(0.85);
    doc.text('PAID', x + 60, top + 110, { width: 120, align: 'center', lineBreak: false });
    doc
      .lineWidth(2)
      .strokeColor('#047857')
      .rect(x + 60, top + 104, 120, 38)
      .stroke();
    doc.restore();
  }
  doc.y = Math.max(vendorBottom, doc.y) + 24;
}

function drawBillTo(doc: Doc, invoice: InvoiceDetail): void {
  doc.font(BOLD).fontSize(10).fillColor('black').text('Bill to', MARGIN, doc.y);
  doc.font(FONT).fontSize(9).fillColor('black');
  const { customer } = invoice;
  const lines = [
    pdfText(customer.name, 120),
    pdfText(customer.email, 120),
    ...addressLines(customer.address),
    customer.taxId ? `Tax ID: ${pdfText(customer.taxId, 40)}` : '',
  ].filter(Boolean);
  for (const line of lines.length > 0 ? lines : ['—']) doc.text(line, { width: 300 });
  doc.moveDown(1.5);
}

function drawTableHeader(doc: Doc): void {
  const c = tableColumns(doc);
  const y = doc.y;
  doc.font(BOLD).fontSize(9).fillColor(GRAY);
  doc.text('Description', c.description.x, y, { width: c.description.width });
  doc.text('Quantity', c.quantity.x, y, { width: c.quantity.width, align: 'right' });
  doc.text('Unit price', c.unit.x, y, { width: c.unit.width, align: 'right' });
  doc.text('Amount', c.amount.x, y, { width: c.amount.width, align: 'right' });
  const below = y + 14;
  doc.moveTo(MARGIN, below).lineTo(c.right, below).lineWidth(0.5).strokeColor('#9ca3af').stroke();
  doc.y = below + 6;
}

function drawLines(doc: Doc, invoice: InvoiceDetail): void {
  drawTableHeader(doc);
  const c = tableColumns(doc);
  const money = (amount: number | null) => (amount === null ? '—' : formatMoney(amount, invoice.currency));
  if (invoice.lines.length === 0) {
    doc.font(FONT).fontSize(9).fillColor(GRAY).text('No line items', c.description.x, doc.y);
    doc.moveDown(0.5);
  }
  for (const line of invoice.lines) {
    const description = pdfText(line.description, LINE_DESCRIPTION_MAX) || '—';
    doc.font(FONT).fontSize(9);
    const height = doc.heightOfString(description, { width: c.description.width });
    if (doc.y + height > bottomLimit(doc)) {
      doc.addPage();
      doc.y = MARGIN;
      drawTableHeader(doc);
    }
    const y = doc.y;
    doc.font(FONT).fontSize(9).fillColor('black').text(description, c.description.x, y, { width: c.description.width });
    const after = doc.y;
    const quantity = line.quantity === null ? '—' : line.quantity.toLocaleString('en-US');
    doc.text(quantity, c.quantity.x, y, { width: c.quantity.width, align: 'right' });
    doc.text(money(line.unitAmount), c.unit.x, y, { width: c.unit.width, align: 'right' });
    doc.text(money(line.amount), c.amount.x, y, { width: c.amount.width, align: 'right' });
    doc.y = after + 6;
  }
  doc.moveTo(MARGIN, doc.y).lineTo(c.right, doc.y).lineWidth(0.5).strokeColor('#9ca3af').stroke();
  doc.y += 8;
}

function drawTotals(doc: Doc, invoice: InvoiceDetail): void {
  const rows: [string, number, boolean][] = [
    ['Subtotal', invoice.subtotal, false],
    ['Tax', invoice.tax, false],
    ['Total', invoice.total, true],
    ['Amount paid', invoice.amountPaid, false],
    ['Amount due', invoice.amountDue, true],
  ];
  if (doc.y + rows.length * 14 > bottomLimit(doc)) {
    doc.addPage();
    doc.y = MARGIN;
  }
  const c = tableColumns(doc);
  for (const [label, amount, isStrong] of rows) {
    const y = doc.y;
    doc
      .font(isStrong ? BOLD : FONT)
      .fontSize(isStrong ? 10 : 9)
      .fillColor('black');
    doc.text(label, c.unit.x - 60, y, { width: c.unit.width + 60, align: 'right' });
    doc.text(formatMoney(amount, invoice.currency), c.amount.x, y, { width: c.amount.width, align: 'right' });
    doc.y = Math.max(doc.y, y + 14);
  }
}

function drawLinks(doc: Doc, invoice: InvoiceDetail): void {
  const links: [string, string][] = [];
  if (invoice.paymentError) links.push(['Last payment attempt failed', pdfText(invoice.paymentError, 300)]);
  if (invoice.hostedInvoiceUrl) links.push(['View and pay online', pdfText(invoice.hostedInvoiceUrl, 500)]);
  if (invoice.stripePdfUrl) links.push(['Stripe’s PDF of this invoice', pdfText(invoice.stripePdfUrl, 500)]);
  if (links.length === 0) return;
  doc.moveDown(1.5);
  const width = doc.page.width - 2 * MARGIN;
  for (const [label, value] of links) {
    if (doc.y + 40 > bottomLimit(doc)) {
      doc.addPage();
      doc.y = MARGIN;
    }
    doc.font(BOLD).fontSize(9).fillColor('black').text(label, MARGIN, doc.y, { width });
    doc.font(FONT).fontSize(8).fillColor(GRAY).text(value, { width });
    doc.moveDown(0.5);
  }
}

function drawPageNumbers(doc: Doc): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would make pdfkit start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(FONT)
      .fontSize(8)
      .fillColor(GRAY)
      .text(`Page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN + 10, {
        width: doc.page.width - 2 * MARGIN,
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
}

/** The invoice as PDF bytes. */
export function renderInvoicePdf(invoice: InvoiceDetail, vendor: InvoiceVendor = invoiceVendor()): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: `Invoice ${pdfText(invoice.number ?? invoice.id, 60)}`,
      Author: pdfText(vendor.name, 80),
      CreationDate: new Date(invoice.issuedAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  drawHeader(doc, invoice, vendor);
  drawBillTo(doc, invoice);
  drawLines(doc, invoice);
  drawTotals(doc, invoice);
  drawLinks(doc, invoice);
  drawPageNumbers(doc);
  doc.end();
  return done;
}
