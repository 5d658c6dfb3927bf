/**
 * What the settings page says after a logo upload or removal. The upload posts to the logo route,
 * which redirects back to settings with one of these codes (so it works without JavaScript).
 * Pure: the settings page imports it into the browser bundle.
 */
export const LOGO_MAX_KB = 256;
export const MAX_LOGO_BYTES = LOGO_MAX_KB * 1024;

export const LOGO_TOO_LARGE = 'The logo must be at most 256 KB';
export const LOGO_WRONG_TYPE = 'Upload the logo as a PNG, JPEG or WebP image';
export const LOGO_SVG_REFUSED =
  'SVG logos are not accepted (they can contain scripts); upload a PNG, JPEG or WebP image';

export const LOGO_MESSAGES = {
  saved: { ok: true, text: 'The logo was saved.' },
  removed: { ok: true, text: 'The logo was removed.' },
  'too-large': { ok: false, text: `The logo must be at most ${LOGO_MAX_KB} KB` },
  svg: { ok: false, text: 'SVG logos are not accepted (they can contain scripts); upload a PNG, JPEG or WebP image' },
  type: { ok: false, text: 'Upload the logo as a PNG, JPEG or WebP image' },
  empty: { ok: false, text: 'Choose an image file to upload' },
} as const;

export type LogoMessageCode = keyof typeof LOGO_MESSAGES;

export function logoMessage(code: string | null): { ok: boolean; text: string } | null {
  return code && Object.hasOwn(LOGO_MESSAGES, code) ? LOGO_MESSAGES[code as LogoMessageCode] : null;
}
