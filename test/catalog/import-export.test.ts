import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { catalogToCsv, csvToImport, CSV_COLUMNS } from '../../src/catalog/catalog-csv.js';
import { CatalogService, type CatalogExport } from '../../src/catalog/catalog.service.js';
import { catalogServiceFor, seedCatalog } from '../../src/catalog/seed.js';
import { readImportFile } from '../../src/cli/catalog.js';
import { createDataSource, runMigrations } from '../../src/database/data-source.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startCatalogHub, type CatalogHub } from './support.js';

/** A second, empty catalogue database (migrated), for round trips. */
async function emptyCatalogue(): Promise<{ database: TestDatabase; dataSource: DataSource; service: CatalogService; close(): Promise<void> }> {
  const database = await createTestDatabase();
  const dataSource = createDataSource({ url: database.url, poolSize: 2 });
  await dataSource.initialize();
  await runMigrations(dataSource);
  return {
    database,
    dataSource,
    service: catalogServiceFor(dataSource),
    close: async () => {
      await dataSource.destroy();
      await database.drop();
    },
  };
}

function replaceCell(csv: string, row: number, column: string, value: string): string {
  // The shipped catalogue has no line breaks inside fields, so rows are lines here.
  const lines = csv.split('\r\n');
  const header = lines[0].replace(/^\ufeff/, '').split(',');
  const index = header.indexOf(column);
  const fields = lines[row - 1].match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((field) => field.replace(/,$/, ''));
  fields[index] = value;
  lines[row - 1] = fields.slice(0, header.length).join(',');
  return lines.join('\r\n');
}

describe('catalogue import and export', () => {
  let c: CatalogHub;
  let service: CatalogService;
  let original: CatalogExport;
  let originalCsv: string;
  beforeAll(async () => {
    c = await startCatalogHub();
    service = c.hub.app.get(CatalogService);
    original = await service.export();
    originalCsv = catalogToCsv(original.resources);
  });
  afterAll(() => c.hub.close());

  it('serves GET /catalog/export.csv to any authenticated caller, one row per data item', async () => {
    expect((await fetch(`${c.hub.url}/catalog/export.csv`)).status).toBe(401);
    const response = await fetch(`${c.hub.url}/catalog/export.csv`, { headers: c.consumer });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    expect(text).toBe(originalCsv);
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(2705 + 1);
    expect(lines[0]).toBe(`\ufeff${CSV_COLUMNS.join(',')}`);
    expect(lines[1].startsWith('101001/000001,居民户籍信息,ZJ-GAT,101001,基础/人口/户籍,')).toBe(true);
  });

  it('round-trips CSV: export → import into an empty catalogue → the same export', async () => {
    const target = await emptyCatalogue();
    try {
      await target.service.import({ departments: original.departments, resources: [] }, 'cli');
      const result = await target.service.import(csvToImport(originalCsv), 'cli');
      expect(result).toEqual({ departmentsChanged: 0, created: 269, updated: 0, unchanged: 0 });
      const again = await target.service.export();
      expect(catalogToCsv(again.resources)).toBe(originalCsv);
      expect(again).toEqual(original);
    } finally {
      await target.close();
    }
  });

  it('round-trips JSON, departments included', async () => {
    const target = await emptyCatalogue();
    try {
      const json = JSON.parse(JSON.stringify(original)) as CatalogExport;
      const result = await target.service.import(json, 'cli');
      expect(result).toEqual({ departmentsChanged: 37, created: 269, updated: 0, unchanged: 0 });
      expect(await target.service.export()).toEqual(original);
    } finally {
      await target.close();
    }
  });

  it('seeds idempotently: a second seed changes nothing', async () => {
    expect(await seedCatalog(c.dataSource)).toEqual({ departmentsChanged: 0, created: 0, updated: 0, unchanged: 269 });
  });

  it('changes nothing when the export is imported back (no new versions)', async () => {
    expect(await service.import(csvToImport(originalCsv), 'cli')).toEqual({ departmentsChanged: 0, created: 0, updated: 0, unchanged: 269 });
    expect(await service.import(JSON.parse(JSON.stringify(original)), 'cli')).toEqual({ departmentsChanged: 0, created: 0, updated: 0, unchanged: 269 });
    const versions = await c.dataSource.query('SELECT count(*)::int AS n FROM resource_versions WHERE version > 1');
    expect(versions[0].n).toBe(0);
  });

  it('imports changes as new versions', async () => {
    const changed = replaceCell(originalCsv, 2, 'summary', '省公安厅户籍信息（修订版）');
    // The resource columns must agree on every row of a resource.
    expect(() => csvToImport(changed)).toThrow(/^row 3, column summary: differs from row 2 of the same resource 101001\/000001$/);
    let all = changed;
    for (let row = 3; row <= 21; row++) all = replaceCell(all, row, 'summary', '省公安厅户籍信息（修订版）');
    expect(await service.import(csvToImport(all), 'cli')).toEqual({ departmentsChanged: 0, created: 0, updated: 1, unchanged: 268 });
    const resource = await c.asConsumer<{ resource: { version: number; summary: string } }>('{ resource(code: "101001/000001") { version summary } }');
    expect(resource.body.data!.resource).toEqual({ version: 2, summary: '省公安厅户籍信息（修订版）' });
    // Put it back (a third version) so later tests see the shipped content.
    await service.import(csvToImport(originalCsv), 'cli');
    original = await service.export();
    originalCsv = catalogToCsv(original.resources);
  });

  describe('is all-or-nothing', () => {
    it('a bad CSV row imports nothing, and the error names the row and the column', async () => {
      // A valid change early in the file, and a bad value far down.
      let csv = originalCsv;
      for (let row = 2; row <= 21; row++) csv = replaceCell(csv, row, 'summary', '不应生效的修改');
      csv = replaceCell(csv, 1500, 'data_type', 'Q');
      const error = await service.import(csvToImport(csv), 'cli').catch((e: unknown) => e as Error & { details?: Record<string, unknown> });
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: expect.stringMatching(/dataType$/) } });
      expect((error as Error).message).toMatch(/^row 1500, column data_type \(resource [\d/]+\): must be one of C, N/);
      expect(await service.export()).toEqual(original);
    });

    it('a failure in the middle of writing rolls back the rows already written', async () => {
      const json = JSON.parse(JSON.stringify(original)) as CatalogExport;
      json.resources[0].summary = '不应生效的修改';
      // A published resource cannot go back to DRAFT: found only while writing, after resource 0.
      const late = json.resources.findIndex((resource, index) => index > 200 && resource.status === 'PUBLISHED');
      json.resources[late].status = 'DRAFT' as never;
      const error = (await service.import(json, 'cli').catch((e: unknown) => e)) as Error;
      expect(error.message).toBe(
        `resources[${late}] field status: a resource that has been published cannot go back to DRAFT; publish a new version instead`,
      );
      expect(await service.export()).toEqual(original);
    });

    it('names the row and field of provider, relation and shape problems', async () => {
      const json = JSON.parse(JSON.stringify(original)) as CatalogExport;
      const cases: [(data: CatalogExport) => void, RegExp][] = [
        [(data) => (data.resources[3].providerCode = 'HZ-GAJ'), /^resources\[3\] field providerCode: HZ-GAJ is a CONSUMER department, not a PROVIDER$/],
        [(data) => (data.resources[4].relatedResourceCodes = ['101001/999999']), /^resources\[4\] field relatedResourceCodes\.0: no resource 101001\/999999$/],
        [(data) => (data.resources[5].items[2].sensitivity = 0), /^resources\[5\] field items\.2\.sensitivity: must be 1/],
        [(data) => (data.resources[7] = data.resources[6]), /^resources\[7\] field code: duplicate resource code/],
        [(data) => (data.departments[1].creditCode = '91330106MA27ABC167'), /^departments\[1\] field creditCode: .*check character/],
      ];
      for (const [spoil, message] of cases) {
        const data = JSON.parse(JSON.stringify(json)) as CatalogExport;
        spoil(data);
        await expect(service.import(data, 'cli')).rejects.toThrow(message);
      }
      expect(await service.export()).toEqual(original);
    });

    it('refuses malformed CSV with the row', () => {
      expect(() => csvToImport('resource_code,nope\r\n')).toThrow(/row 1: unknown column "nope"/);
      expect(() => csvToImport(CSV_COLUMNS.slice(1).join(',') + '\r\n')).toThrow(/missing column\(s\) resource_code/);
      expect(() => csvToImport(replaceCell(originalCsv, 2, 'open_to_public', 'maybe'))).toThrow(/^row 2, column open_to_public: must be true or false$/);
      expect(() => csvToImport(replaceCell(originalCsv, 9, 'sensitivity', 'high'))).toThrow(/^row 9, column sensitivity: must be a whole number$/);
      expect(() => csvToImport(`${CSV_COLUMNS.join(',')}\r\na,b\r\n`)).toThrow(/row 2: 2 fields, the header has 27/);
    });
  });

  it('reads import files by extension: JSON object, bare JSON array, CSV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sharehub-catalog-'));
    writeFileSync(join(dir, 'all.json'), JSON.stringify(original));
    writeFileSync(join(dir, 'resources.json'), JSON.stringify(original.resources));
    writeFileSync(join(dir, 'catalog.csv'), originalCsv);
    writeFileSync(join(dir, 'catalog.txt'), originalCsv);
    expect((await readImportFile(join(dir, 'all.json'))).departments).toHaveLength(37);
    expect((await readImportFile(join(dir, 'resources.json'))).resources).toHaveLength(269);
    expect((await readImportFile(join(dir, 'catalog.csv'))).resources).toHaveLength(269);
    await expect(readImportFile(join(dir, 'catalog.txt'))).rejects.toThrow(/use a \.json or \.csv file/);
  });
});
