/**
 * Text from outside (a receiver's answer, a description someone typed) as the page shows it:
 * control characters other than tab and newline become U+FFFD, so a NUL or an escape is visible
 * as "�" instead of vanishing differently in the server's HTML and the browser's DOM. React
 * escapes the rest; nothing is ever rendered as markup.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/g;

export function printable(text: string): string {
  return text.replace(CONTROL, '\uFFFD');
}
