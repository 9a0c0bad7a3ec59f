import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { catalogCsvLines, csvToImport, CSV_COLUMNS } from '../../src/catalog/catalog-csv.js';
import { checkImport } from '../../src/catalog/import-check.js';
import { csvLine, parseCsv } from '../../src/common/csv.js';
import {
  DataType,
  DEPARTMENT_CODE_PATTERN,
  MaskRule,
  RESOURCE_CODE_PATTERN,
  ResourceFormat,
  ResourceStatus,
  ShareMethod,
  ShareType,
  SubjectType,
  UpdateCycle,
  type ResourceRecord,
} from '../../src/catalog/model.js';
import { ErrorCode, HubError } from '../../src/common/errors.js';

/**
 * The catalogue CSV import (csvToImport, then checkImport: every check before the database) on
 * arbitrary input: it never throws anything but a HubError, and an invalid row is reported as
 * `row <n>, column <name>` with the row the record starts on (the header is row 1).
 */

type Column = (typeof CSV_COLUMNS)[number];
type Table = string[][];

/** csvToImport, then every check before the database (checkImport): 'valid' or the HubError. */
async function importCsv(text: string): Promise<'valid' | HubError> {
  try {
    checkImport(csvToImport(text));
    return 'valid';
  } catch (error) {
    if (error instanceof HubError) return error;
    throw error;
  }
}

const SHIPPED = (JSON.parse(readFileSync(new URL('../../data/catalog/resources.json', import.meta.url), 'utf8')) as ResourceRecord[]).slice(0, 40);

/** The shipped resources' rows, as the export writes them (header first). */
function tableOf(resources: ResourceRecord[]): Table {
  return parseCsv([...catalogCsvLines(resources)].join('')).map((record) => record.fields);
}

/** Lines as the parser counts them: a break is CRLF, LF or a lone CR. */
const lineCount = (text: string) => 1 + (text.match(/\r\n|\r|\n/g)?.length ?? 0);

/** The CSV text and the row (line) each record starts on: 1 + the line breaks before it. */
function render(table: Table, options: { lf?: boolean; bom?: boolean } = {}): { text: string; rows: number[] } {
  let text = options.bom ? '\ufeff' : '';
  const rows: number[] = [];
  for (const record of table) {
    rows.push(lineCount(text));
    const line = csvLine(record);
    text += options.lf ? `${line.slice(0, -2)}\n` : line;
  }
  return { text, rows };
}

const column = (name: Column) => CSV_COLUMNS.indexOf(name);

/** A HubError for bad input, located at a row (and column) that exist. */
function expectLocated(error: HubError, lines: number): RegExpExecArray | null {
  expect(error.code).toBe(ErrorCode.BAD_USER_INPUT);
  expect(typeof error.details?.field).toBe('string');
  const located = /^row (\d+)(?:, column ([a-z_]+))?[:, ]/.exec(error.message);
  if (!located) {
    expect(error.message).toBe('the file is empty (expected a header row)');
    return null;
  }
  expect(Number(located[1])).toBeGreaterThanOrEqual(1);
  expect(Number(located[1])).toBeLessThanOrEqual(lines);
  if (located[2] !== undefined) expect(CSV_COLUMNS).toContain(located[2]);
  return located;
}


const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', ' ', '"', '""', ',', '\r', '\n', '\r\n', '\u3000', '\ufeff', 'true', 'FALSE', '0', '4', '-1', '1e3', '101001/000001', 'ZJ-GAT', 'C', 'NONE', '2024-02-30'),
);
const sample = fc.shuffledSubarray(SHIPPED, { minLength: 1, maxLength: 4 });
const lineEnds = fc.record({ lf: fc.boolean(), bom: fc.boolean() });

const notIn = (values: Record<string, string>) => fc.string({ maxLength: 20 }).filter((s) => !Object.values(values).includes(s.trim()));
const blankOrLonger = (max: number) =>
  fc.oneof(fc.constantFrom('', ' ', '\t', '\u3000'), fc.string({ unit: 'grapheme', minLength: max + 1, maxLength: max + 40 }).filter((s) => Array.from(s.trim()).length > max));
const longer = (max: number) => fc.string({ unit: 'grapheme', minLength: max + 1, maxLength: max + 40 }).filter((s) => Array.from(s.trim()).length > max);

/** Per column, values that break that column's own rule whatever the rest of the row says. */
const INVALID_RESOURCE_CELLS: Partial<Record<Column, (resource: ResourceRecord) => fc.Arbitrary<string>>> = {
  resource_code: () => fc.string({ maxLength: 24 }).filter((s) => !RESOURCE_CODE_PATTERN.test(s.trim())),
  resource_name: () => blankOrLonger(50),
  provider_code: () => fc.string({ maxLength: 40 }).filter((s) => !DEPARTMENT_CODE_PATTERN.test(s.trim())),
  category_code: () => fc.string({ maxLength: 10 }).filter((s) => !/^[123]\d{5}(\d{2})?$/.test(s.trim())),
  category_path: (r) => fc.string({ maxLength: 20 }).filter((s) => s.split('/').map((label) => label.trim()).join('/') !== r.category.path.join('/')),
  summary: () => blankOrLonger(256),
  format: () => notIn(ResourceFormat),
  share_type: () => notIn(ShareType),
  share_condition: () => longer(500),
  share_method: () => notIn(ShareMethod),
  open_to_public: () => fc.string({ maxLength: 8 }).filter((s) => !['true', 'false'].includes(s.trim().toLowerCase())),
  open_condition: () => longer(500),
  update_cycle: () => notIn(UpdateCycle),
  published_at: () => fc.oneof(fc.string({ maxLength: 12 }).filter((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s.trim())), fc.constantFrom('2023-02-29', '2024-13-01', '2024-00-10', '2024-04-31')),
  related_resource_codes: (r) =>
    fc.oneof(
      fc.constant(r.code),
      fc.string({ maxLength: 20 }).filter((s) => s.split(';').some((code) => code.trim() !== '' && !RESOURCE_CODE_PATTERN.test(code.trim()))),
    ),
  subject_type: () => notIn(SubjectType),
  status: () => notIn(ResourceStatus),
  retire_reason: () => longer(256),
  certificate_type_code: () => fc.string({ minLength: 1, maxLength: 25 }).filter((s) => s.trim() !== '' && !/^[0-9A-Z]{18}\d{3}$/.test(s.trim())),
};

const INVALID_ITEM_CELLS: Partial<Record<Column, (resource: ResourceRecord) => fc.Arbitrary<string>>> = {
  item_code: (r) => fc.string({ maxLength: 28 }).filter((s) => !new RegExp(`^${r.code}/\\d{3}$`).test(s.trim())),
  item_name: () => blankOrLonger(50),
  data_type: () => notIn(DataType),
  length: () => fc.oneof(fc.string({ maxLength: 8 }).filter((s) => s.trim() !== '' && !/^\d+$/.test(s.trim())), fc.constantFrom('0', '000', '1000001', '99999999999999999999')),
  sensitivity: () => fc.oneof(fc.string({ maxLength: 8 }).filter((s) => !/^\d+$/.test(s.trim())), fc.constantFrom('0', '5', '0000', '99999999999999999999')),
  mask_rule: () => notIn(MaskRule),
  item_description: () => longer(256),
};

/** Picks one resource of a sample and the table rows (1-based, header = 0) holding it. */
function rowsOf(resources: ResourceRecord[], index: number): { resource: ResourceRecord; first: number; count: number } {
  let first = 1;
  for (let i = 0; i < index; i++) first += resources[i].items.length;
  return { resource: resources[index], first, count: resources[index].items.length };
}

describe('catalogue CSV import on arbitrary input', () => {
  it('accepts the rows the export writes (so the properties below are about the change alone)', async () => {
    await fc.assert(
      fc.asyncProperty(sample, lineEnds, async (resources, ends) => {
        expect(await importCsv(render(tableOf(resources), ends).text)).toBe('valid');
      }),
      { numRuns: 30 },
    );
  });

  it('never throws anything but a located BAD_USER_INPUT, whatever the text', async () => {
    const header = fc.oneof(
      fc.constant([...CSV_COLUMNS] as string[]),
      fc.shuffledSubarray([...CSV_COLUMNS] as string[]),
      fc.tuple(fc.shuffledSubarray([...CSV_COLUMNS] as string[], { minLength: 20 }), fc.array(anyText, { maxLength: 3 })).map(([known, extra]) => [...known, ...extra]),
      fc.array(anyText, { maxLength: 30 }),
    );
    const rows = fc.array(fc.array(anyText, { maxLength: 30 }), { maxLength: 6 });
    // Valid rows with some cells replaced, some fields dropped or added.
    const damaged = fc
      .tuple(sample, fc.array(fc.tuple(fc.nat(), fc.nat(CSV_COLUMNS.length + 2), fc.option(anyText, { nil: undefined })), { minLength: 1, maxLength: 6 }))
      .map(([resources, changes]) => {
        const table = tableOf(resources);
        for (const [row, cell, value] of changes) {
          const record = table[1 + (row % (table.length - 1))];
          if (value === undefined) record.splice(cell, 1);
          else if (cell >= record.length) record.push(value);
          else record[cell] = value;
        }
        return table;
      });
    const wide = fc.nat({ max: 5000 }).map((n) => [[...CSV_COLUMNS] as string[], Array.from({ length: 27 + n }, (_, i) => String(i))]);
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.tuple(header, rows).map(([h, r]) => render([h, ...r]).text),
      fc.tuple(damaged, lineEnds).map(([table, ends]) => render(table, ends).text),
      wide.map((table) => render(table).text),
      fc.constantFrom('', '\ufeff', '\r\n\r\n', '"', `${CSV_COLUMNS.join(',')}\r\n"unclosed`, `${CSV_COLUMNS.join(',')}\r\na"b`),
    );
    await fc.assert(
      fc.asyncProperty(text, async (csv) => {
        const outcome = await importCsv(csv);
        if (outcome !== 'valid') expectLocated(outcome, lineCount(csv));
      }),
      { numRuns: 400, examples: [['\r\u0000'], ['"a\rb"\r\u0000']] },
    );
  });

  it('reports an invalid cell of a data item with its row and column', async () => {
    const change = sample.chain((resources) =>
      fc.tuple(fc.constant(resources), fc.nat(resources.length - 1), fc.constantFrom(...(Object.keys(INVALID_ITEM_CELLS) as Column[]))).chain(([rs, index, name]) => {
        const { resource, first, count } = rowsOf(rs, index);
        return fc.record({ resources: fc.constant(rs), name: fc.constant(name), row: fc.integer({ min: first, max: first + count - 1 }), value: INVALID_ITEM_CELLS[name]!(resource) });
      }),
    );
    await fc.assert(
      fc.asyncProperty(change, lineEnds, async ({ resources, name, row, value }, ends) => {
        const table = tableOf(resources);
        table[row][column(name)] = value;
        const { text, rows } = render(table, ends);
        const outcome = await importCsv(text);
        expect(outcome).toBeInstanceOf(HubError);
        const located = expectLocated(outcome as HubError, lineCount(text));
        expect({ row: Number(located?.[1]), column: located?.[2] }).toEqual({ row: rows[row], column: name });
      }),
      { numRuns: 150 },
    );
  });

  it('reports an invalid resource cell (on all its rows) with the resource’s first row and the column', async () => {
    const change = sample.chain((resources) =>
      fc.tuple(fc.constant(resources), fc.nat(resources.length - 1), fc.constantFrom(...(Object.keys(INVALID_RESOURCE_CELLS) as Column[]))).chain(([rs, index, name]) =>
        fc.record({ resources: fc.constant(rs), index: fc.constant(index), name: fc.constant(name), value: INVALID_RESOURCE_CELLS[name]!(rs[index]) }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(change, lineEnds, async ({ resources, index, name, value }, ends) => {
        const table = tableOf(resources);
        const { first, count } = rowsOf(resources, index);
        for (let row = first; row < first + count; row++) table[row][column(name)] = value;
        const { text, rows } = render(table, ends);
        const outcome = await importCsv(text);
        expect(outcome).toBeInstanceOf(HubError);
        const located = expectLocated(outcome as HubError, lineCount(text));
        expect({ row: Number(located?.[1]), column: located?.[2] }).toEqual({ row: rows[first], column: name });
      }),
      { numRuns: 150 },
    );
  });

  it('reports a resource cell that differs between rows of one resource with the later row', async () => {
    const resourceColumns = CSV_COLUMNS.slice(1, column('item_code'));
    const multiRow = SHIPPED.filter((resource) => resource.items.length > 1);
    const change = fc.record({
      resource: fc.constantFrom(...multiRow),
      name: fc.constantFrom(...resourceColumns),
      offset: fc.nat(),
      value: anyText,
    });
    await fc.assert(
      fc.asyncProperty(change, async ({ resource, name, offset, value }) => {
        const table = tableOf([resource]);
        const row = 2 + (offset % (resource.items.length - 1));
        fc.pre(table[row][column(name)] !== value);
        table[row][column(name)] = value;
        const { text, rows } = render(table);
        const outcome = await importCsv(text);
        expect(outcome).toBeInstanceOf(HubError);
        expect((outcome as HubError).message).toMatch(new RegExp(`^row ${rows[row]}, column ${name}: differs from row ${rows[1]} of the same resource`));
      }),
      { numRuns: 200 },
    );
  });

  it('reports a row with too few or too many fields with its row', async () => {
    const change = fc.record({ resources: sample, offset: fc.nat(), fields: fc.oneof(fc.integer({ min: 2, max: 26 }), fc.integer({ min: 28, max: 300 })) });
    await fc.assert(
      fc.asyncProperty(change, lineEnds, async ({ resources, offset, fields }, ends) => {
        const table = tableOf(resources);
        const row = 1 + (offset % (table.length - 1));
        table[row] = Array.from({ length: fields }, (_, i) => table[row][i] ?? 'extra');
        const { text, rows } = render(table, ends);
        const outcome = await importCsv(text);
        expect(outcome).toBeInstanceOf(HubError);
        expect((outcome as HubError).message).toBe(`row ${rows[row]}: ${fields} fields, the header has ${CSV_COLUMNS.length}`);
      }),
      { numRuns: 100 },
    );
  });
});
