import { describe, expect, it } from 'vitest';
import { parseEmailList } from './emailList';

describe('parseEmailList', () => {
  it('splits on commas, semicolons, spaces and new lines; drops brackets; folds duplicates', () => {
    expect(
      parseEmailList(' Ada@Example.com,grace@example.com;\n<linus@example.com>  ada@example.com\n\nnope '),
    ).toEqual([
      { input: 'Ada@Example.com', email: 'ada@example.com' },
      { input: 'grace@example.com', email: 'grace@example.com' },
      { input: 'linus@example.com', email: 'linus@example.com' },
      { input: 'nope', email: null },
    ]);
  });

  it('marks malformed addresses', () => {
    expect(parseEmailList('a@b @example.com x@y.io').map((e) => e.email)).toEqual([null, null, 'x@y.io']);
  });
});
