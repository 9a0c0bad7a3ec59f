import fc from 'fast-check';
import { csvLine, parseCsv } from '../../src/common/csv.js';

describe('RFC 4180 CSV', () => {
  it('quotes only fields that need it and doubles quotes', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'line\nbreak', '', '公民身份号码'])).toBe('a,"b,c","say ""hi""","line\nbreak",,公民身份号码\r\n');
  });

  it('parses CRLF and LF, a BOM, quoted fields with commas, quotes and line breaks, and a missing last line end', () => {
    const text = '\ufeffh1,h2,h3\r\n"a,1","x ""y""",\r\n"multi\r\nline",2,3\nlast,row,"end"';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['h1', 'h2', 'h3'] },
      { line: 2, fields: ['a,1', 'x "y"', ''] },
      { line: 3, fields: ['multi\r\nline', '2', '3'] },
      { line: 5, fields: ['last', 'row', 'end'] },
    ]);
  });

  it('counts a lone CR as a line break, inside quotes as outside, so reported lines match what an editor shows', () => {
    expect(parseCsv('a\rb\r\nc')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, fields: ['b'] },
      { line: 3, fields: ['c'] },
    ]);
    expect(parseCsv('"x\ry",1\rz')).toEqual([
      { line: 1, fields: ['x\ry', '1'] },
      { line: 3, fields: ['z'] },
    ]);
  });

  it('rejects a quote in the middle of an unquoted field and an unclosed quote, naming the line', () => {
    expect(() => parseCsv('a,b\nc,d"e\n')).toThrow(/line 2/);
    expect(() => parseCsv('a,b\n"c,d\n')).toThrow(/line 2: a quoted field is not closed/);
    expect(() => parseCsv('a,"b"c\n')).toThrow(/closing quote/);
  });

  it('puts a \' before text a spreadsheet would run as a formula, not before numbers, and the parser takes it off again', () => {
    expect(csvLine(['=HYPERLINK("http://x","y")', '+1', '-2', '@SUM(A1)', '\tx', '\rx', 'a=b', -3, null])).toBe(
      '"\'=HYPERLINK(""http://x"",""y"")",\'+1,\'-2,\'@SUM(A1),\'\tx,"\'\rx",a=b,-3,\r\n',
    );
    expect(csvLine(["'=x", "''-1", "'plain"])).toBe("''=x,'''-1,'plain\r\n");
    expect(parseCsv("'=1+2,''=x,'-1,'plain\r\n")).toEqual([{ line: 1, fields: ['=1+2', "'=x", '-1', "'plain"] }]);
  });

  it('round-trips any table of strings, formula-like ones included', () => {
    const cell = fc.oneof(fc.string({ unit: 'grapheme' }), fc.tuple(fc.constantFrom("'", "''", ''), fc.constantFrom('=', '+', '-', '@', '\t', '\r'), fc.string()).map((parts) => parts.join('')));
    const table = fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 10 });
    fc.assert(
      fc.property(table, (rows) => {
        const text = rows.map(csvLine).join('');
        expect(parseCsv(text).map((record) => record.fields)).toEqual(rows);
      }),
    );
  });
});
