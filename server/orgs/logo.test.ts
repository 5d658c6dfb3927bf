import { describe, expect, it } from 'vitest';
import { LOGO_SVG_REFUSED, LOGO_WRONG_TYPE } from '../shared/logoMessages';
import { checkLogo, sniffImageType } from './logo';

describe('logo sniffing', () => {
  it('recognises PNG, JPEG and WebP by their magic bytes', () => {
    expect(sniffImageType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xdb]))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBPVP8 ', 'latin1'))).toBe('image/webp');
    expect(sniffImageType(Buffer.from('RIFF\u0000\u0000\u0000\u0000WAVEfmt ', 'latin1'))).toBeNull();
  });

  it('refuses SVG (even with a BOM and leading whitespace) and anything else', () => {
    expect(() => checkLogo(Buffer.from('\uFEFF  <svg xmlns="http://www.w3.org/2000/svg"/>'))).toThrow(LOGO_SVG_REFUSED);
    expect(() => checkLogo(Buffer.from('GIF89a'))).toThrow(LOGO_WRONG_TYPE);
  });
});
