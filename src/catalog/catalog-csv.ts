/**
 * The catalogue as CSV: one row per data item, the resource's columns repeated on each of its
 * rows. Values are the JSON export's values (English enumeration keys, dates YYYY-MM-DD);
 * lists are joined: category_path with "/", related_resource_codes with ";". Empty cell = none.
 */
import { BadInputError } from '../common/errors.js';
import type { CatalogImport } from './import-check.js';
import { csvLine, CsvSyntaxError, parseCsv } from '../common/csv.js';
import type { ResourceRecord } from './model.js';

/** The columns, in export order. An import may order them differently; all must be present. */
export const CSV_COLUMNS = [
  'resource_code',
  'resource_name',
  'provider_code',
  'category_code',
  'category_path',
  'summary',
  'format',
  'share_type',
  'share_condition',
  'share_method',
  'open_to_public',
  'open_condition',
  'update_cycle',
  'published_at',
  'related_resource_codes',
  'subject_type',
  'status',
  'retire_reason',
  'certificate_type_code',
  'certificate_holder_type',
  'item_code',
  'item_name',
  'data_type',
  'length',
  'sensitivity',
  'mask_rule',
  'item_description',
] as const;

type Column = (typeof CSV_COLUMNS)[number];

const RESOURCE_COLUMNS = CSV_COLUMNS.slice(0, CSV_COLUMNS.indexOf('item_code'));

/** Record field (as validation names it) → CSV column. */
const COLUMN_OF_FIELD: Record<string, Column> = {
  code: 'resource_code',
  name: 'resource_name',
  providerCode: 'provider_code',
  'category.code': 'category_code',
  'category.path': 'category_path',
  category: 'category_code',
  summary: 'summary',
  format: 'format',
  shareType: 'share_type',
  shareCondition: 'share_condition',
  shareMethod: 'share_method',
  openToPublic: 'open_to_public',
  openCondition: 'open_condition',
  updateCycle: 'update_cycle',
  publishedAt: 'published_at',
  relatedResourceCodes: 'related_resource_codes',
  subjectType: 'subject_type',
  status: 'status',
  retireReason: 'retire_reason',
  certificate: 'certificate_type_code',
  'certificate.typeCode': 'certificate_type_code',
  'certificate.holderType': 'certificate_holder_type',
  items: 'item_code',
};

const COLUMN_OF_ITEM_FIELD: Record<string, Column> = {
  code: 'item_code',
  name: 'item_name',
  dataType: 'data_type',
  length: 'length',
  sensitivity: 'sensitivity',
  maskRule: 'mask_rule',
  description: 'item_description',
};

/** UTF-8 byte-order mark: spreadsheet programs need it to read Chinese CSV as UTF-8. */
export const BOM = '\ufeff';

export function* catalogCsvLines(resources: Iterable<ResourceRecord>): Generator<string> {
  yield BOM + csvLine(CSV_COLUMNS);
  for (const r of resources) {
    const shared = [
      r.code,
      r.name,
      r.providerCode,
      r.category.code,
      r.category.path.join('/'),
      r.summary,
      r.format,
      r.shareType,
      r.shareCondition,
      r.shareMethod,
      String(r.openToPublic),
      r.openCondition ?? '',
      r.updateCycle,
      r.publishedAt,
      r.relatedResourceCodes.join(';'),
      r.subjectType,
      r.status,
      r.retireReason ?? '',
      r.certificate?.typeCode ?? '',
      r.certificate?.holderType ?? '',
    ];
    for (const item of r.items) {
      yield csvLine([
        ...shared,
        item.code,
        item.name,
        item.dataType,
        item.length === undefined ? '' : String(item.length),
        String(item.sensitivity),
        item.maskRule,
        item.description,
      ]);
    }
  }
}

export function catalogToCsv(resources: Iterable<ResourceRecord>): string {
  return [...catalogCsvLines(resources)].join('');
}

/**
 * Reads a catalogue CSV into an import: rows grouped by resource_code into resources (the
 * resource columns must agree on every row of one resource). Errors name the row (the line the
 * record starts on, the header being row 1) and the column.
 */
export function csvToImport(text: string): CatalogImport {
  let records: { line: number; fields: string[] }[];
  try {
    records = parseCsv(text).filter((record) => !(record.fields.length === 1 && record.fields[0] === ''));
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new BadInputError(`row ${error.line}: ${error.message.replace(/^line \d+: /, '')}`, 'csv');
    throw error;
  }
  const header = records.shift();
  if (!header) throw new BadInputError('the file is empty (expected a header row)', 'csv');
  const position = new Map<string, number>();
  header.fields.forEach((name, index) => {
    const column = name.trim();
    // A spreadsheet often saves empty columns after the last one: name the position, not "".
    if (column === '') throw new BadInputError(`row ${header.line}: column ${index + 1} has no name`, 'csv');
    if (!(CSV_COLUMNS as readonly string[]).includes(column)) throw new BadInputError(`row ${header.line}: unknown column "${column}"`, column);
    if (position.has(column)) throw new BadInputError(`row ${header.line}: column "${column}" appears twice`, column);
    position.set(column, index);
  });
  const missing = CSV_COLUMNS.filter((column) => !position.has(column));
  if (missing.length) throw new BadInputError(`row ${header.line}: missing column(s) ${missing.join(', ')}`, missing[0]);

  const resources: Record<string, unknown>[] = [];
  const groups: { code: string; firstLine: number; shared: string[]; itemLines: number[] }[] = [];
  const byCode = new Map<string, number>();
  for (const { line, fields } of records) {
    if (fields.length !== header.fields.length) {
      throw new BadInputError(`row ${line}: ${fields.length} fields, the header has ${header.fields.length}`, 'csv');
    }
    const cell = (column: Column) => fields[position.get(column)!];
    const code = cell('resource_code').trim();
    const shared = RESOURCE_COLUMNS.map((column) => cell(column));
    let index = byCode.get(code);
    if (index === undefined) {
      index = resources.length;
      byCode.set(code, index);
      groups.push({ code, firstLine: line, shared, itemLines: [] });
      resources.push(resourceFromRow(cell, line));
    } else {
      const group = groups[index];
      const differs = RESOURCE_COLUMNS.findIndex((_, i) => group.shared[i] !== shared[i]);
      if (differs >= 0) {
        const column = RESOURCE_COLUMNS[differs];
        throw new BadInputError(`row ${line}, column ${column}: differs from row ${group.firstLine} of the same resource ${code}`, column);
      }
    }
    groups[index].itemLines.push(line);
    (resources[index].items as unknown[]).push(itemFromRow(cell, line));
  }

  return {
    resources,
    locateResource: (index, field) => {
      const group = groups[index];
      const item = /^items\.(\d+)(?:\.(\w+))?$/.exec(field);
      if (item) {
        const line = group.itemLines[Number(item[1])] ?? group.firstLine;
        return `row ${line}, column ${COLUMN_OF_ITEM_FIELD[item[2] ?? 'code'] ?? 'item_code'} (resource ${group.code})`;
      }
      const column = COLUMN_OF_FIELD[field.replace(/\.\d+$/, '')] ?? field;
      return `row ${group.firstLine}, column ${column} (resource ${group.code})`;
    },
  };
}

function resourceFromRow(cell: (column: Column) => string, line: number): Record<string, unknown> {
  const optional = (column: Column) => (cell(column).trim() === '' ? undefined : cell(column));
  const open = cell('open_to_public').trim().toLowerCase();
  if (open !== 'true' && open !== 'false') {
    throw new BadInputError(`row ${line}, column open_to_public: must be true or false`, 'open_to_public');
  }
  const certificateType = optional('certificate_type_code');
  const certificateHolder = optional('certificate_holder_type');
  return {
    code: cell('resource_code'),
    name: cell('resource_name'),
    providerCode: cell('provider_code'),
    category: { code: cell('category_code'), path: cell('category_path').split('/') },
    summary: cell('summary'),
    format: cell('format').trim(),
    shareType: cell('share_type').trim(),
    shareCondition: optional('share_condition'),
    shareMethod: cell('share_method').trim(),
    openToPublic: open === 'true',
    openCondition: optional('open_condition') ?? null,
    updateCycle: cell('update_cycle').trim(),
    publishedAt: cell('published_at'),
    relatedResourceCodes: cell('related_resource_codes')
      .split(';')
      .map((code) => code.trim())
      .filter(Boolean),
    subjectType: cell('subject_type').trim(),
    status: cell('status').trim(),
    retireReason: optional('retire_reason'),
    certificate: certificateType || certificateHolder ? { typeCode: certificateType, holderType: certificateHolder?.trim() } : undefined,
    items: [],
  };
}

function itemFromRow(cell: (column: Column) => string, line: number): Record<string, unknown> {
  const integer = (column: Column, optional: boolean): number | undefined => {
    const value = cell(column).trim();
    if (value === '' && optional) return undefined;
    if (!/^\d+$/.test(value)) throw new BadInputError(`row ${line}, column ${column}: must be a whole number`, column);
    return Number(value);
  };
  return {
    code: cell('item_code'),
    name: cell('item_name'),
    dataType: cell('data_type').trim(),
    length: integer('length', true),
    sensitivity: integer('sensitivity', false),
    maskRule: cell('mask_rule').trim(),
    description: cell('item_description'),
  };
}
