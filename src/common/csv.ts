/**
 * The hub's one CSV writer and parser (every export: the catalogue, the audit log; the catalogue
 * import). RFC 4180: comma-separated, CRLF line ends, fields quoted with `"` when they contain a
 * comma, quote, CR or LF (quotes doubled inside). The parser also accepts LF line ends, a UTF-8
 * byte-order mark and a missing final line end.
 *
 * Formula-injection guard (OWASP "CSV injection"): a text field that a spreadsheet would run as
 * a formula (first character `=`, `+`, `-`, `@`, tab or CR) is written with a `'` in front, the
 * mark spreadsheets read as "this is text" and do not show. So that every string survives the
 * round trip, a field of apostrophes followed by such a character gets one more, and the parser
 * takes exactly one off such a field.
 */

const NEEDS_QUOTES = /[",\r\n]/;
/** Leading apostrophes, then a character that starts a formula. */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;

/** One field: text guarded and quoted as needed; a number as JavaScript prints it; null empty. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly (string | number | null)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

export class CsvSyntaxError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
  }
}

/** Parses a whole document into records (arrays of fields), each with the line it starts on. */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let quoted = false;
  let fieldStarted = false;
  const endField = () => {
    fields.push(GUARDED.test(field) ? field.slice(1) : field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    records.push({ line: recordLine, fields });
    fields = [];
  };
  while (i < source.length) {
    const char = source[i];
    if (quoted) {
      if (char === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = source[i];
        if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
          throw new CsvSyntaxError(line, 'a closing quote must end the field');
        }
        continue;
      }
      // A line break is CRLF, LF or a lone CR (old Mac exports), inside quotes as outside.
      if (char === '\n' || (char === '\r' && source[i + 1] !== '\n')) line++;
      field += char;
      i++;
      continue;
    }
    if (char === '"') {
      if (fieldStarted || field !== '') throw new CsvSyntaxError(line, 'a quote may only start a field');
      quoted = true;
      fieldStarted = true;
      i++;
    } else if (char === ',') {
      endField();
      i++;
    } else if (char === '\r' || char === '\n') {
      endRecord();
      i += char === '\r' && source[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
    } else {
      field += char;
      fieldStarted = true;
      i++;
    }
  }
  if (quoted) throw new CsvSyntaxError(recordLine, 'a quoted field is not closed');
  if (fieldStarted || field !== '' || fields.length > 0) endRecord();
  return records;
}
