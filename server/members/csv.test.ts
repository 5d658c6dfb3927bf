import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, memberCsvLine } from './csv';

describe('members CSV', () => {
  it('quotes cells holding quotes, commas and line breaks, doubling the quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('Doe, Jane')).toBe('"Doe, Jane"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
    expect(csvCell(null)).toBe('');
  });

  it('opens formula-looking cells as text', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe('"\'=HYPERLINK(""http://evil"",""x"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('writes one CRLF-terminated line per member', () => {
    expect(csvLine(['a', 'b,c'])).toBe('a,"b,c"\r\n');
    const line = memberCsvLine({
      membershipId: '00000000-0000-4000-8000-000000000001',
      userId: '00000000-0000-4000-8000-000000000002',
      name: '=cmd',
      email: 'a@example.test',
      status: 'active',
      joinedAt: new Date('2026-01-02T03:04:05.000Z'),
      deactivatedAt: null,
      attributes: { department: 'R&D, EU', region: null, title: 'Lead' },
      roles: [
        { id: '00000000-0000-4000-8000-000000000003', name: 'Admin' },
        { id: '00000000-0000-4000-8000-000000000004', name: 'Viewer' },
      ],
      teams: [],
    });
    expect(line).toBe('\'=cmd,a@example.test,active,Admin; Viewer,,"R&D, EU",,Lead,2026-01-02T03:04:05.000Z,\r\n');
  });
});
