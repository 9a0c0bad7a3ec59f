import 'reflect-metadata';
import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { catalogToCsv, csvToImport } from '../catalog/catalog-csv.js';
import type { CatalogImport } from '../catalog/import-check.js';
import { catalogServiceFor } from '../catalog/seed.js';
import { HubError } from '../common/errors.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { createDataSource, runMigrations } from '../database/data-source.js';
import { EmbeddedPostgresError } from '../database/embedded-postgres.js';
import { connectDatabase } from '../database/resolve-database.js';

const USAGE = `usage:
  npm run catalog -- import <file.json|file.csv>
  npm run catalog -- export --format csv|json [--out <file>]   (default: standard output;
      npm prints its own lines there too, so use --out or npm run -s)

JSON is { "departments": [...], "resources": [...] } (resources in the data/catalog/resources.json
shape; a bare array of resources is accepted too). CSV has one row per data item; see
src/catalog/catalog-csv.ts for the columns. An import is all-or-nothing.`;

class UsageError extends Error {}

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index < 0) return undefined;
  const value = args[index + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
  return value;
}

/** Reads an import file: JSON (object or bare resource array) or CSV, chosen by extension. */
export async function readImportFile(file: string): Promise<CatalogImport> {
  const text = await readFile(file, 'utf8');
  const extension = extname(file).toLowerCase();
  if (extension === '.csv') return csvToImport(text);
  if (extension !== '.json') throw new UsageError(`cannot tell the format of ${file}: use a .json or .csv file`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (Array.isArray(parsed)) return { resources: parsed };
  const object = parsed as { departments?: unknown; resources?: unknown };
  if (!object || typeof object !== 'object' || !Array.isArray(object.resources)) {
    throw new UsageError(`${file} must be { "departments": [...], "resources": [...] } or an array of resources`);
  }
  if (object.departments !== undefined && !Array.isArray(object.departments)) throw new UsageError(`${file}: "departments" must be an array`);
  return { departments: object.departments as unknown[] | undefined, resources: object.resources };
}

async function main(args: string[]): Promise<void> {
  const [command, ...rest] = args;
  if (command !== 'import' && command !== 'export') throw new UsageError(command ? `unknown command "${command}"` : 'no command');
  let work: (service: ReturnType<typeof catalogServiceFor>) => Promise<void>;
  if (command === 'import') {
    const file = rest.find((arg) => !arg.startsWith('--'));
    if (!file) throw new UsageError('import needs a file');
    const input = await readImportFile(file);
    work = async (service) => {
      const result = await service.import(input, 'cli');
      console.error(
        `imported ${file}: ${result.departmentsChanged} department(s) changed, ${result.created} resource(s) created, ` +
          `${result.updated} updated, ${result.unchanged} unchanged`,
      );
    };
  } else {
    const format = option(rest, '--format');
    if (format !== 'csv' && format !== 'json') throw new UsageError('export needs --format csv or --format json');
    const out = option(rest, '--out');
    work = async (service) => {
      const catalog = await service.export();
      const text = format === 'csv' ? catalogToCsv(catalog.resources) : `${JSON.stringify(catalog, null, 2)}\n`;
      if (out) await writeFile(out, text, 'utf8');
      else process.stdout.write(text);
      console.error(`exported ${catalog.resources.length} resources (${catalog.resources.reduce((n, r) => n + r.items.length, 0)} data items)${out ? ` to ${out}` : ''}`);
    };
  }

  const config = loadConfig();
  const databaseUrl = await connectDatabase(config);
  const dataSource = createDataSource({ url: databaseUrl, poolSize: 2 });
  try {
    await dataSource.initialize();
    await runMigrations(dataSource);
    await work(catalogServiceFor(dataSource));
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`sharehub catalog: ${error.message}\n\n${USAGE}`);
      process.exit(64); // EX_USAGE
    }
    const explained = error instanceof HubError || error instanceof ConfigError || error instanceof EmbeddedPostgresError;
    console.error(`sharehub catalog: ${explained ? error.message : (error as Error)?.stack ?? String(error)}`);
    process.exit(1);
  });
}
