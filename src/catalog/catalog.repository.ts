import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { decodePosition, encodeCursor } from '../common/cursor.js';
import { BadInputError } from '../common/errors.js';
import { afterPosition, Conditions, keysetAfter, orderAndLimit, type Keyset } from '../database/listing.js';
import { toDepartment } from './department.repository.js';
import {
  type AccessItem,
  type CatalogStats,
  type DataItemFilter,
  type DataType,
  type DepartmentKind,
  type DepartmentLevel,
  type ItemRecord,
  type MaskRule,
  type Page,
  type ResourceFilter,
  type ResourceFormat,
  type ResourceRecord,
  type ResourceStatus,
  type ResourceVersionRecord,
  type ShareMethod,
  type ShareType,
  type StoredItem,
  type StoredResource,
  type SubjectType,
  type UpdateCycle,
  type CertificateRecord,
} from './model.js';

/** Advisory lock key held by every catalogue write transaction. */
const CATALOG_WRITE_LOCK = 3_300_000_003;

/** Longest accepted search keyword, in characters. */
export const MAX_KEYWORD_LENGTH = 50;

// The searchable text of each table. These must stay exactly the expressions of the GIN indexes
// resources_search and data_items_search (migration 1764240000000-catalog), or the planner
// cannot use them.
const RESOURCE_SEARCH_TEXT = `(r.name || E'\\n' || r.summary || E'\\n' || r.item_names)`;
const ITEM_SEARCH_TEXT = `(i.name || E'\\n' || i.resource_name || E'\\n' || i.description)`;

interface ResourceRow {
  code: string;
  version: number;
  name: string;
  provider_code: string;
  category_code: string;
  category_path: string[];
  summary: string;
  format: string;
  share_type: string;
  share_condition: string;
  share_method: string;
  open_to_public: boolean;
  open_condition: string | null;
  update_cycle: string;
  published_at: string;
  related_resource_codes: string[];
  subject_type: string;
  status: string;
  certificate_type_code: string | null;
  certificate_holder_type: string | null;
  retired_at: Date | null;
  retire_reason: string | null;
  updated_at: Date;
  item_count: number;
  d_name: string;
  d_short_name: string;
  d_kind: string;
  d_level: string;
  d_region_code: string;
  d_credit_code: string;
  d_enabled: boolean;
  tier?: number;
  len?: number;
}

interface ItemRow {
  code: string;
  resource_code: string;
  resource_name: string;
  name: string;
  data_type: string;
  length: number | null;
  sensitivity: number;
  mask_rule: string;
  description: string;
  tier?: number;
  len?: number;
}

const RESOURCE_COLUMNS = `
  r.code, r.version, r.name, r.provider_code, r.category_code, r.category_path, r.summary, r.format,
  r.share_type, r.share_condition, r.share_method, r.open_to_public, r.open_condition, r.update_cycle,
  to_char(r.published_at, 'YYYY-MM-DD') AS published_at, r.related_resource_codes, r.subject_type, r.status,
  r.certificate_type_code, r.certificate_holder_type, r.retired_at, r.retire_reason, r.updated_at,
  (SELECT count(*) FROM data_items c WHERE c.resource_code = r.code)::int AS item_count,
  d.name AS d_name, d.short_name AS d_short_name, d.kind AS d_kind, d.level AS d_level,
  d.region_code AS d_region_code, d.credit_code AS d_credit_code, d.enabled AS d_enabled`;

const ITEM_COLUMNS = `i.code, i.resource_code, i.resource_name, i.name, i.data_type, i.length, i.sensitivity, i.mask_rule, i.description`;

function toCertificate(row: ResourceRow): CertificateRecord | undefined {
  if (!row.certificate_type_code || !row.certificate_holder_type) return undefined;
  return { typeCode: row.certificate_type_code, holderType: row.certificate_holder_type as CertificateRecord['holderType'] };
}

function toStoredResource(row: ResourceRow): StoredResource {
  const certificate = toCertificate(row);
  return {
    code: row.code,
    name: row.name,
    providerCode: row.provider_code,
    category: { code: row.category_code, path: row.category_path },
    summary: row.summary,
    format: row.format as ResourceFormat,
    shareType: row.share_type as ShareType,
    shareCondition: row.share_condition,
    shareMethod: row.share_method as ShareMethod,
    openToPublic: row.open_to_public,
    openCondition: row.open_condition,
    updateCycle: row.update_cycle as UpdateCycle,
    publishedAt: row.published_at,
    relatedResourceCodes: row.related_resource_codes,
    subjectType: row.subject_type as SubjectType,
    status: row.status as ResourceStatus,
    ...(row.retire_reason !== null ? { retireReason: row.retire_reason } : {}),
    ...(certificate ? { certificate } : {}),
    version: row.version,
    retiredAt: row.retired_at,
    updatedAt: row.updated_at,
    itemCount: row.item_count,
    provider: toDepartment({
      code: row.provider_code,
      name: row.d_name,
      short_name: row.d_short_name,
      kind: row.d_kind as DepartmentKind,
      level: row.d_level as DepartmentLevel,
      region_code: row.d_region_code,
      credit_code: row.d_credit_code,
      enabled: row.d_enabled,
    }),
  };
}

function toItemRecord(row: ItemRow): ItemRecord {
  return {
    code: row.code,
    name: row.name,
    dataType: row.data_type as DataType,
    ...(row.length !== null ? { length: row.length } : {}),
    sensitivity: row.sensitivity,
    maskRule: row.mask_rule as MaskRule,
    description: row.description,
  };
}

function toStoredItem(row: ItemRow): StoredItem {
  return { ...toItemRecord(row), resourceCode: row.resource_code, resourceName: row.resource_name };
}

/** A resource and its items as the record that import, export and version snapshots use. */
export function toResourceRecord(resource: StoredResource, items: readonly ItemRecord[]): ResourceRecord {
  return {
    code: resource.code,
    name: resource.name,
    providerCode: resource.providerCode,
    category: { code: resource.category.code, path: [...resource.category.path] },
    summary: resource.summary,
    format: resource.format,
    shareType: resource.shareType,
    shareCondition: resource.shareCondition,
    shareMethod: resource.shareMethod,
    openToPublic: resource.openToPublic,
    openCondition: resource.openCondition,
    updateCycle: resource.updateCycle,
    publishedAt: resource.publishedAt,
    relatedResourceCodes: [...resource.relatedResourceCodes],
    subjectType: resource.subjectType,
    status: resource.status,
    ...(resource.retireReason !== undefined ? { retireReason: resource.retireReason } : {}),
    ...(resource.certificate ? { certificate: { ...resource.certificate } } : {}),
    items: items.map((item) => ({ ...item })),
  };
}

/** Trimmed keyword, or undefined when there is nothing to search for. */
export function normalizeKeyword(keyword: string | null | undefined): string | undefined {
  if (keyword === null || keyword === undefined) return undefined;
  // eslint-disable-next-line no-control-regex
  const cleaned = keyword.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  if (cleaned === '') return undefined;
  if (Array.from(cleaned).length > MAX_KEYWORD_LENGTH) {
    throw new BadInputError(`filter.keyword: at most ${MAX_KEYWORD_LENGTH} characters`, 'filter.keyword');
  }
  return cleaned;
}

/**
 * Where the previous page ended. Lists are in code order (`code`), keyword searches in rank
 * order (`rank`: tier, length, code).
 */
type Cursor = { mode: 'code'; code: string } | { mode: 'rank'; tier: number; length: number; code: string };

const CODE_TAG = 'c';
const RANK_TAG = 'r';

function encodeCatalogCursor(cursor: Cursor): string {
  return encodeCursor(cursor.mode === 'code' ? [CODE_TAG, cursor.code] : [RANK_TAG, cursor.tier, cursor.length, cursor.code]);
}

/** Decodes `after`; a cursor not issued for this kind of list (keyword searches and plain lists differ) is BAD_USER_INPUT. */
function decodeCatalogCursor(after: string, expected: Cursor['mode']): Cursor {
  if (expected === 'code') {
    const [code] = decodePosition(after, ['string'], CODE_TAG);
    return { mode: 'code', code: code as string };
  }
  const [tier, length, code] = decodePosition(after, ['integer', 'integer', 'string'], RANK_TAG);
  return { mode: 'rank', tier: tier as number, length: length as number, code: code as string };
}

/** Rank order of a keyword search (see rankedPage). */
const RANK_ORDER: Keyset = {
  columns: [
    { sql: 'm.tier', type: 'int' },
    { sql: 'm.len', type: 'int' },
    { sql: 'm.code', type: 'text' },
  ],
  direction: 'ASC',
};

const codeOrder = (column: string): Keyset => ({ columns: [{ sql: column, type: 'text' }], direction: 'ASC' });

/** Filter conditions on resources (alias `r`) shared by resource and item queries. */
function addResourceFilter(where: Conditions, filter: ResourceFilter): void {
  if (filter.departmentCode) where.add(`r.provider_code = ${where.bind(filter.departmentCode)}`);
  if (filter.shareType) where.add(`r.share_type = ${where.bind(filter.shareType)}`);
  if (filter.shareMethod) where.add(`r.share_method = ${where.bind(filter.shareMethod)}`);
  if (filter.highestSensitivity) {
    // Sensitivity is stored per item; a resource is as sensitive as its most sensitive item.
    where.add(`(SELECT max(s.sensitivity) FROM data_items s WHERE s.resource_code = r.code) = ${where.bind(filter.highestSensitivity)}`);
  }
  if (filter.subjectType) where.add(`r.subject_type = ${where.bind(filter.subjectType)}`);
  if (filter.status) where.add(`r.status = ${where.bind(filter.status)}`);
  const category = filter.category?.trim();
  if (category) {
    if (/^\d{1,8}$/.test(category)) {
      // Codes are COLLATE "C", so this prefix match is a b-tree range scan.
      where.add(`r.category_code LIKE ${where.bind(category)} || '%'`);
    } else {
      const labels = category
        .split('/')
        .map((label) => label.trim())
        .filter(Boolean);
      if (labels.length === 0) throw new BadInputError('filter.category: a classification code or a label path like 基础/人口', 'filter.category');
      where.add(`r.category_path[1:${labels.length}] = ${where.bind(labels)}::text[]`);
    }
  }
}

function hasResourceFilter(filter: ResourceFilter): boolean {
  return Boolean(filter.departmentCode || filter.shareType || filter.shareMethod || filter.highestSensitivity || filter.subjectType || filter.status || filter.category?.trim());
}

/** Resources, their data items and versions: the one place that reads or writes those tables. */
@Injectable()
export class CatalogRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * For each existing item code: the item and the current version of its resource, in one
   * indexed query. Unknown codes are absent from the result. Used on every exchange request.
   */
  async findItemsForAccess(itemCodes: readonly string[]): Promise<AccessItem[]> {
    if (itemCodes.length === 0) return [];
    return this.dataSource.query(
      `SELECT i.code AS "itemCode", i.name AS "itemName", i.data_type AS "dataType", i.mask_rule AS "maskRule",
              i.sensitivity AS "sensitivity", r.code AS "resourceCode", r.name AS "resourceName",
              r.version AS "resourceVersion", r.share_type AS "shareType", r.status AS "resourceStatus",
              r.provider_code AS "providerCode", r.subject_type AS "subjectType", r.share_method AS "shareMethod"
       FROM data_items i JOIN resources r ON r.code = i.resource_code
       WHERE i.code = ANY($1::text[])
       ORDER BY i.code`,
      [[...new Set(itemCodes)]],
    );
  }

  async findResource(code: string, manager: EntityManager = this.dataSource.manager): Promise<StoredResource | undefined> {
    return (await this.findResources([code], manager)).get(code);
  }

  async findResources(codes: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, StoredResource>> {
    if (codes.length === 0) return new Map();
    const rows: ResourceRow[] = await manager.query(
      `SELECT ${RESOURCE_COLUMNS} FROM resources r JOIN departments d ON d.code = r.provider_code WHERE r.code = ANY($1::text[])`,
      [[...new Set(codes)]],
    );
    return new Map(rows.map((row) => [row.code, toStoredResource(row)]));
  }

  /** Which of these resource codes exist. */
  async existingResourceCodes(codes: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    const rows: { code: string }[] = await manager.query('SELECT code FROM resources WHERE code = ANY($1::text[])', [[...new Set(codes)]]);
    return new Set(rows.map((row) => row.code));
  }

  async findItem(code: string): Promise<StoredItem | undefined> {
    const rows: ItemRow[] = await this.dataSource.query(`SELECT ${ITEM_COLUMNS} FROM data_items i WHERE i.code = $1`, [code]);
    return rows[0] ? toStoredItem(rows[0]) : undefined;
  }

  /** The current items of each resource, in code order. */
  async itemsOf(resourceCodes: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, StoredItem[]>> {
    const result = new Map<string, StoredItem[]>(resourceCodes.map((code) => [code, []]));
    if (resourceCodes.length === 0) return result;
    const rows: ItemRow[] = await manager.query(
      `SELECT ${ITEM_COLUMNS} FROM data_items i WHERE i.resource_code = ANY($1::text[]) ORDER BY i.resource_code, i.code`,
      [[...new Set(resourceCodes)]],
    );
    for (const row of rows) result.get(row.resource_code)?.push(toStoredItem(row));
    return result;
  }

  /** Every version of a resource, newest first. */
  async versions(code: string): Promise<ResourceVersionRecord[]> {
    const rows: { version: number; published_at: string; recorded_at: Date; snapshot: ResourceRecord }[] = await this.dataSource.query(
      `SELECT version, to_char(published_at, 'YYYY-MM-DD') AS published_at, recorded_at, snapshot
       FROM resource_versions WHERE resource_code = $1 ORDER BY version DESC`,
      [code],
    );
    return rows.map((row) => ({ version: row.version, publishedAt: row.published_at, recordedAt: row.recorded_at, snapshot: row.snapshot }));
  }

  // ---------------------------------------------------------------- lists and search

  /**
   * One page of resources in code order, or for a keyword in rank order: name matches (shorter
   * names first), then summary matches, then resources with a matching item name; then code.
   * A keyword search ranks every match, so it also returns their number.
   */
  async listResources(filter: ResourceFilter, first: number, after?: string | null): Promise<Page<StoredResource>> {
    const keyword = normalizeKeyword(filter.keyword);
    const where = new Conditions();
    addResourceFilter(where, filter);
    let sql: string;
    if (keyword) {
      const search = this.addKeyword(where, RESOURCE_SEARCH_TEXT, keyword, ['r.name', 'r.summary', 'r.item_names']);
      const cursor = after ? decodeCatalogCursor(after, 'rank') : undefined;
      sql = this.rankedPage(
        `SELECT r.code, ${search.tier} AS tier, char_length(r.name) AS len0, 0 AS len1 FROM resources r ${where.sql}`,
        where,
        cursor,
        first,
        `SELECT ${RESOURCE_COLUMNS}, p.tier, p.len, p.total
         FROM PAGE p LEFT JOIN resources r ON r.code = p.code LEFT JOIN departments d ON d.code = r.provider_code`,
      );
    } else {
      const cursor = after ? decodeCatalogCursor(after, 'code') : undefined;
      if (cursor?.mode === 'code') afterPosition(where, codeOrder('r.code'), [cursor.code]);
      sql = `SELECT ${RESOURCE_COLUMNS}, 0 AS tier, 0 AS len
             FROM (SELECT r.code FROM resources r ${where.sql} ${orderAndLimit(where, codeOrder('r.code'), first)}) p
             JOIN resources r ON r.code = p.code JOIN departments d ON d.code = r.provider_code
             ORDER BY r.code`;
    }
    const rows: (ResourceRow & { total?: number })[] = await this.dataSource.query(sql, where.params);
    return this.page(rows, first, keyword !== undefined, toStoredResource);
  }

  async countResources(filter: ResourceFilter): Promise<number> {
    const keyword = normalizeKeyword(filter.keyword);
    const where = new Conditions();
    addResourceFilter(where, filter);
    if (keyword) {
      const search = this.addKeyword(where, RESOURCE_SEARCH_TEXT, keyword, ['r.name', 'r.summary', 'r.item_names']);
      if (search.recheck) where.add(search.recheck);
    }
    const rows: { count: number }[] = await this.dataSource.query(`SELECT count(*)::int AS count FROM resources r ${where.sql}`, where.params);
    return rows[0].count;
  }

  /**
   * One page of data items in code order, or for a keyword in rank order: item-name matches
   * (shorter names first), then items of a resource whose name matches (shorter resource names
   * first), then description matches; then code. A keyword search also returns the number of matches.
   */
  async listItems(filter: DataItemFilter, first: number, after?: string | null): Promise<Page<StoredItem>> {
    const keyword = normalizeKeyword(filter.keyword);
    const where = new Conditions();
    addResourceFilter(where, filter);
    const join = hasResourceFilter(filter) ? 'JOIN resources r ON r.code = i.resource_code' : '';
    let sql: string;
    if (keyword) {
      const search = this.addKeyword(where, ITEM_SEARCH_TEXT, keyword, ['i.name', 'i.resource_name', 'i.description']);
      const cursor = after ? decodeCatalogCursor(after, 'rank') : undefined;
      sql = this.rankedPage(
        `SELECT i.code, ${search.tier} AS tier, char_length(i.name) AS len0, char_length(i.resource_name) AS len1
         FROM data_items i ${join} ${where.sql}`,
        where,
        cursor,
        first,
        `SELECT ${ITEM_COLUMNS}, p.tier, p.len, p.total FROM PAGE p LEFT JOIN data_items i ON i.code = p.code`,
      );
    } else {
      const cursor = after ? decodeCatalogCursor(after, 'code') : undefined;
      if (cursor?.mode === 'code') afterPosition(where, codeOrder('i.code'), [cursor.code]);
      sql = `SELECT ${ITEM_COLUMNS}, 0 AS tier, 0 AS len FROM data_items i ${join} ${where.sql} ${orderAndLimit(where, codeOrder('i.code'), first)}`;
    }
    const rows: (ItemRow & { total?: number })[] = await this.dataSource.query(sql, where.params);
    return this.page(rows, first, keyword !== undefined, toStoredItem);
  }

  async countItems(filter: DataItemFilter): Promise<number> {
    const keyword = normalizeKeyword(filter.keyword);
    const where = new Conditions();
    addResourceFilter(where, filter);
    const join = hasResourceFilter(filter) ? 'JOIN resources r ON r.code = i.resource_code' : '';
    if (keyword) {
      const search = this.addKeyword(where, ITEM_SEARCH_TEXT, keyword, ['i.name', 'i.resource_name', 'i.description']);
      if (search.recheck) where.add(search.recheck);
    }
    const rows: { count: number }[] = await this.dataSource.query(`SELECT count(*)::int AS count FROM data_items i ${join} ${where.sql}`, where.params);
    return rows[0].count;
  }

  /**
   * Adds the GIN index condition for a keyword, and returns the tier expression (index of the
   * first of `fields` containing the keyword, NULL for none) and, when the index condition alone
   * is not exact, the recheck condition. For a keyword of one or two characters the grams
   * condition is exact (its one gram lies within one field: grams never span white space).
   * Lower-casing only matters, and is only paid for, when the keyword has ASCII letters.
   */
  private addKeyword(where: Conditions, searchText: string, keyword: string, fields: readonly string[]): { tier: string; recheck?: string } {
    const param = where.bind(keyword);
    where.add(`catalog_grams${searchText} @> catalog_query_grams(${param}::text)`);
    const ascii = /[A-Za-z]/.test(keyword);
    const k = ascii ? `lower(${param}::text COLLATE "C")` : `${param}::text`;
    const hit = (field: string) => `strpos(${ascii ? `lower(${field} COLLATE "C")` : field}, ${k}) > 0`;
    const exact = Array.from(keyword).length <= 2 && !/\s/.test(keyword);
    const whens = fields.map((field, index) => (exact && index === fields.length - 1 ? `ELSE ${index}` : `WHEN ${hit(field)} THEN ${index}`));
    return {
      tier: `(CASE ${whens.join(' ')} END)`,
      recheck: exact ? undefined : `(${fields.map(hit).join(' OR ')})`,
    };
  }

  /**
   * A ranked page and the number of matches in one pass over the matches. `ranked` yields
   * code, tier (NULL: no real match), len0 and len1 (the lengths of the first two fields); rank
   * is (tier, length of the matched field for tiers 0 and 1, code). `select` reads the page
   * from PAGE (code, tier, len, total), which has one row with a NULL code when the page is empty.
   */
  private rankedPage(ranked: string, where: Conditions, cursor: Cursor | undefined, first: number, select: string): string {
    const after = cursor?.mode === 'rank' ? `WHERE ${keysetAfter(where, RANK_ORDER, [cursor.tier, cursor.length, cursor.code])}` : '';
    const page = `(SELECT t.total, q.* FROM (SELECT count(*)::int AS total FROM m) t
                   LEFT JOIN LATERAL (SELECT m.code, m.tier, m.len FROM m ${after} ${orderAndLimit(where, RANK_ORDER, first)}) q ON true)`;
    return `WITH m AS MATERIALIZED (
              SELECT x.code, x.tier, CASE x.tier WHEN 0 THEN x.len0 WHEN 1 THEN x.len1 ELSE 0 END AS len
              FROM (${ranked}) x WHERE x.tier IS NOT NULL)
            ${select.replace('PAGE', page)}
            ORDER BY p.tier, p.len, p.code`;
  }

  private page<R extends { code: string | null; tier?: number; len?: number; total?: number }, T>(
    allRows: R[],
    first: number,
    ranked: boolean,
    map: (row: R) => T,
  ): Page<T> {
    // A ranked query answers one row with a NULL code when nothing is on the page (for the total).
    const rows = allRows.filter((row) => row.code !== null) as (R & { code: string })[];
    return {
      hasNextPage: rows.length > first,
      nodes: rows.slice(0, first).map((row) => ({
        cursor: encodeCatalogCursor(ranked ? { mode: 'rank', tier: Number(row.tier), length: Number(row.len), code: row.code } : { mode: 'code', code: row.code }),
        node: map(row),
      })),
      ...(ranked ? { total: allRows[0]?.total ?? 0 } : {}),
    };
  }

  // ---------------------------------------------------------------- statistics

  async stats(): Promise<CatalogStats> {
    const [totals, byShareType, byDepartment] = await Promise.all([
      this.dataSource.query(
        `SELECT (SELECT count(*) FROM departments)::int AS departments,
                (SELECT count(*) FROM departments WHERE kind = 'PROVIDER')::int AS providers,
                (SELECT count(*) FROM resources)::int AS resources,
                (SELECT count(*) FROM data_items)::int AS items`,
      ) as Promise<{ departments: number; providers: number; resources: number; items: number }[]>,
      this.dataSource.query(
        `SELECT r.share_type, count(*)::int AS resources, coalesce(sum(c.n), 0)::int AS items
         FROM resources r LEFT JOIN (SELECT resource_code, count(*) AS n FROM data_items GROUP BY resource_code) c ON c.resource_code = r.code
         GROUP BY r.share_type ORDER BY r.share_type`,
      ) as Promise<{ share_type: ShareType; resources: number; items: number }[]>,
      this.dataSource.query(
        `SELECT d.code, d.name, count(r.code)::int AS resources, coalesce(sum(c.n), 0)::int AS items
         FROM departments d
         LEFT JOIN resources r ON r.provider_code = d.code
         LEFT JOIN (SELECT resource_code, count(*) AS n FROM data_items GROUP BY resource_code) c ON c.resource_code = r.code
         WHERE d.kind = 'PROVIDER' OR r.code IS NOT NULL
         GROUP BY d.code, d.name ORDER BY d.code`,
      ) as Promise<{ code: string; name: string; resources: number; items: number }[]>,
    ]);
    return {
      departments: totals[0].departments,
      providers: totals[0].providers,
      resources: totals[0].resources,
      dataItems: totals[0].items,
      byShareType: byShareType.map((row) => ({ shareType: row.share_type, resources: row.resources, dataItems: row.items })),
      byDepartment: byDepartment.map((row) => ({ departmentCode: row.code, departmentName: row.name, resources: row.resources, dataItems: row.items })),
    };
  }

  // ---------------------------------------------------------------- records (import, export, publish)

  /**
   * Resources with their items as records, with their current version and retirement time:
   * the given codes, or (without codes) the whole catalogue, optionally of one status.
   */
  async loadRecords(
    options: { codes?: readonly string[]; status?: ResourceStatus } = {},
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, { record: ResourceRecord; resource: StoredResource }>> {
    const where = new Conditions();
    if (options.codes) where.add(`r.code = ANY(${where.bind([...new Set(options.codes)])}::text[])`);
    if (options.status) where.add(`r.status = ${where.bind(options.status)}`);
    if (options.codes?.length === 0) return new Map();
    const [resourceRows, itemRows]: [ResourceRow[], ItemRow[]] = await Promise.all([
      manager.query(
        `SELECT ${RESOURCE_COLUMNS} FROM resources r JOIN departments d ON d.code = r.provider_code ${where.sql} ORDER BY r.code`,
        where.params,
      ),
      manager.query(
        `SELECT ${ITEM_COLUMNS} FROM data_items i JOIN resources r ON r.code = i.resource_code ${where.sql} ORDER BY i.code`,
        where.params,
      ),
    ]);
    const items = new Map<string, ItemRecord[]>();
    for (const row of itemRows) {
      const list = items.get(row.resource_code) ?? [];
      list.push(toItemRecord(row));
      items.set(row.resource_code, list);
    }
    const result = new Map<string, { record: ResourceRecord; resource: StoredResource }>();
    for (const row of resourceRows) {
      const resource = toStoredResource(row);
      result.set(row.code, { resource, record: toResourceRecord(resource, items.get(row.code) ?? []) });
    }
    return result;
  }

  /**
   * Writes a resource as `version` (insert or update), replaces its items, and stores the
   * version snapshot when `snapshot` is set. Run inside the caller's transaction.
   */
  async writeResource(manager: EntityManager, record: ResourceRecord, version: number, options: { snapshot: boolean }): Promise<void> {
    const retired = record.status === 'RETIRED';
    await manager.query(
      `INSERT INTO resources (code, version, name, provider_code, category_code, category_path, summary, format, share_type,
                              share_condition, share_method, open_to_public, open_condition, update_cycle, published_at,
                              related_resource_codes, subject_type, status, certificate_type_code, certificate_holder_type,
                              retired_at, retire_reason, item_names)
       VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8, $9, $10, $11, $12, $13, $14, $15::date, $16::text[], $17, $18, $19, $20,
               CASE WHEN $21::boolean THEN now() END, $22, $23)
       ON CONFLICT (code) DO UPDATE SET
         version = excluded.version, name = excluded.name, provider_code = excluded.provider_code,
         category_code = excluded.category_code, category_path = excluded.category_path, summary = excluded.summary,
         format = excluded.format, share_type = excluded.share_type, share_condition = excluded.share_condition,
         share_method = excluded.share_method, open_to_public = excluded.open_to_public, open_condition = excluded.open_condition,
         update_cycle = excluded.update_cycle, published_at = excluded.published_at,
         related_resource_codes = excluded.related_resource_codes, subject_type = excluded.subject_type, status = excluded.status,
         certificate_type_code = excluded.certificate_type_code, certificate_holder_type = excluded.certificate_holder_type,
         retired_at = CASE WHEN $21::boolean THEN coalesce(resources.retired_at, now()) END,
         retire_reason = excluded.retire_reason, item_names = excluded.item_names, updated_at = now()`,
      [
        record.code,
        version,
        record.name,
        record.providerCode,
        record.category.code,
        record.category.path,
        record.summary,
        record.format,
        record.shareType,
        record.shareCondition,
        record.shareMethod,
        record.openToPublic,
        record.openCondition,
        record.updateCycle,
        record.publishedAt,
        record.relatedResourceCodes,
        record.subjectType,
        record.status,
        record.certificate?.typeCode ?? null,
        record.certificate?.holderType ?? null,
        retired,
        retired ? (record.retireReason ?? null) : null,
        record.items.map((item) => item.name).join(' '),
      ],
    );
    const items = record.items;
    await manager.query('DELETE FROM data_items WHERE resource_code = $1 AND code <> ALL($2::text[])', [record.code, items.map((item) => item.code)]);
    await manager.query(
      `INSERT INTO data_items (code, resource_code, resource_name, name, data_type, length, sensitivity, mask_rule, description)
       SELECT code, $1, $2, name, data_type, length, sensitivity, mask_rule, description
       FROM unnest($3::text[], $4::text[], $5::text[], $6::int[], $7::smallint[], $8::text[], $9::text[])
            AS t(code, name, data_type, length, sensitivity, mask_rule, description)
       ON CONFLICT (code) DO UPDATE SET
         resource_name = excluded.resource_name, name = excluded.name, data_type = excluded.data_type, length = excluded.length,
         sensitivity = excluded.sensitivity, mask_rule = excluded.mask_rule, description = excluded.description
       WHERE (data_items.resource_name, data_items.name, data_items.data_type, data_items.length, data_items.sensitivity,
              data_items.mask_rule, data_items.description)
         IS DISTINCT FROM (excluded.resource_name, excluded.name, excluded.data_type, excluded.length, excluded.sensitivity,
              excluded.mask_rule, excluded.description)`,
      [
        record.code,
        record.name,
        items.map((item) => item.code),
        items.map((item) => item.name),
        items.map((item) => item.dataType),
        items.map((item) => item.length ?? null),
        items.map((item) => item.sensitivity),
        items.map((item) => item.maskRule),
        items.map((item) => item.description),
      ],
    );
    if (options.snapshot) {
      await manager.query(
        `INSERT INTO resource_versions (resource_code, version, published_at, snapshot) VALUES ($1, $2, $3::date, $4::jsonb)
         ON CONFLICT (resource_code, version) DO UPDATE SET published_at = excluded.published_at, snapshot = excluded.snapshot, recorded_at = now()`,
        [record.code, version, record.publishedAt, JSON.stringify(record)],
      );
    }
  }

  /** Marks a resource retired (its items stay readable in the catalogue; grants see the status). */
  async retire(manager: EntityManager, code: string, reason: string): Promise<void> {
    await manager.query(
      `UPDATE resources SET status = 'RETIRED', retired_at = now(), retire_reason = $2, updated_at = now() WHERE code = $1`,
      [code, reason],
    );
  }

  /**
   * Serialises catalogue writes: publishing, retiring and importing are rare, and each decides
   * the next version from what it read, so one writer at a time keeps versions gapless.
   */
  async lockForWrite(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [CATALOG_WRITE_LOCK]);
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
