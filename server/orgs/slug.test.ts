import { describe, expect, it } from 'vitest';
import { isValidSlug, slugify, withSuffix } from './slug';

describe('slugify', () => {
  it.each([
    ['Acme Corp', 'acme-corp'],
    ['  Acme   Corp  GmbH ', 'acme-corp-gmbh'],
    ['Müller & Söhne', 'muller-sohne'],
    ['Café Crème', 'cafe-creme'],
    ['ACME_2024 (EU)', 'acme-2024-eu'],
    ['---', ''],
    ['日本企業', ''],
  ])('%s → %s', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it('cuts long names to 48 characters without a trailing dash', () => {
    const slug = slugify(`${'a'.repeat(47)} b c`);
    expect(slug).toBe('a'.repeat(47));
    expect(slugify('x'.repeat(100))).toHaveLength(48);
  });
});

describe('withSuffix', () => {
  it('appends the suffix and keeps the slug within 48 characters', () => {
    expect(withSuffix('acme', '2')).toBe('acme-2');
    const long = withSuffix('a'.repeat(48), 'f00baa');
    expect(long).toHaveLength(48);
    expect(long.endsWith('-f00baa')).toBe(true);
  });
});

describe('isValidSlug', () => {
  it('accepts lower-case letters, digits and inner dashes, 2–48 long', () => {
    expect(isValidSlug('acme')).toBe(true);
    expect(isValidSlug('a1')).toBe(true);
    expect(isValidSlug('acme-corp-2')).toBe(true);
  });

  it.each(['a', '-acme', 'acme-', 'Acme', 'ac me', 'a'.repeat(49), 'new', 'admin', 'api', 'settings'])(
    'refuses %s',
    (slug) => {
      expect(isValidSlug(slug)).toBe(false);
    },
  );
});
