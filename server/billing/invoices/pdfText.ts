/**
 * Text as the invoice PDF can print it. The PDF uses the standard Helvetica fonts, which carry
 * only the Windows-1252 repertoire and have no glyph for anything else; pdfkit would write such a
 * character as an unrelated byte. So every string from an invoice passes through here first: NUL,
 * control characters and unpaired surrogates are dropped, line breaks and tabs become spaces, what
 * the fonts cannot show becomes "?", and overlong text is cut with an ellipsis so one field can
 * never outgrow a page. Markup is not interpreted by a PDF, so HTML prints as the text it is.
 */

/** The characters Windows-1252 puts at 0x80–0x9F, which Helvetica's encoding includes. */
const CP1252_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

function isPrintable(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  if (code >= 0x20 && code <= 0x7e) return true;
  if (code >= 0xa0 && code <= 0xff) return true;
  return CP1252_EXTRAS.has(char);
}

/** `value` as one printable line of at most `maxLength` characters. */
export function pdfText(value: string | null | undefined, maxLength = 200): string {
  if (!value) return '';
  const chars: string[] = [];
  // Iterating a string yields code points; an unpaired surrogate comes out alone and is dropped.
  for (const char of value.normalize('NFC')) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) continue;
    if (char === '\n' || char === '\r' || char === '\t') chars.push(' ');
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue;
    else chars.push(isPrintable(char) ? char : '?');
    if (chars.length > maxLength) break;
  }
  const text = chars.join('').replace(/ {2,}/g, ' ').trim();
  return text.length > maxLength ? `${text.slice(0, maxLength - 1).trimEnd()}…` : text;
}

/** A file name part from an invoice number: letters, digits, dot, dash and underscore only. */
export function invoiceFileName(invoice: { number: string | null; id: string }): string {
  const base = (invoice.number ?? invoice.id).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return `invoice-${(base || invoice.id).slice(0, 100)}.pdf`;
}
