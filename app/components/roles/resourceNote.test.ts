import { describe, expect, it } from 'vitest';
import { resourceNote } from './resourceNote';

describe('resourceNote', () => {
  it('warns about a missing resource only when a condition on the path reads one', () => {
    expect(resourceNote(null, [{ readsResource: false }, {}])).toBeNull();
    expect(resourceNote({}, [{ readsResource: true }])).toBe(
      'Asked without a resource: conditions that read resource attributes cannot hold.',
    );
  });

  it('names the attributes of the resource asked about', () => {
    expect(resourceNote({ amount: 500, region: 'eu' }, [{ readsResource: true }])).toBe(
      'Asked about a resource with amount = 500 (number), region = "eu" (text).',
    );
  });
});
