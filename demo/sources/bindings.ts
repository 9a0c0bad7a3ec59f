/**
 * The demo source bindings (data/bindings/demo.json): one per catalogue resource shared by API
 * or TABLE about a person or a legal entity, each mapping every item of the resource.
 */
import { genericField, loadCatalog, type Catalog, type CatalogResource } from '../population/index.js';
import { DEMO_SOURCE_KEY, FRONT_MZ, MARRIAGE_FIELDS, MARRIAGE_QUERY, SOURCES, certificateFieldPath, servingOf } from './definitions.js';

export interface DemoHttpBinding {
  resourceCode: string;
  adapter: 'http';
  endpoint: string;
  batchEndpoint: string;
  credentialRef: string;
  timeoutMs: number;
  fields: Record<string, string>;
}

export interface DemoSqlBinding {
  resourceCode: string;
  adapter: 'sql';
  connectionRef: string;
  query: string;
  timeoutMs: number;
  fields: Record<string, string>;
}

export type DemoBinding = DemoHttpBinding | DemoSqlBinding;

export const BINDINGS_FILE = 'data/bindings/demo.json';
const TIMEOUT_MS = 3000;

function byName(resource: CatalogResource, names: Record<string, string>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const item of resource.items) {
    const path = names[item.name];
    if (!path) throw new Error(`${resource.code} ${resource.name}: item ${item.code} ${item.name} has no place in the source record`);
    fields[item.code] = path;
  }
  return fields;
}

export function bindingFor(resource: CatalogResource): DemoBinding {
  const serving = servingOf(resource);
  if (serving.kind === 'sql') {
    return { resourceCode: resource.code, adapter: 'sql', connectionRef: FRONT_MZ, query: MARRIAGE_QUERY, timeoutMs: TIMEOUT_MS, fields: byName(resource, MARRIAGE_FIELDS) };
  }
  const base = `{${SOURCES.find((s) => s.key === serving.source)!.env}}${serving.path}`;
  let fields: Record<string, string>;
  if (serving.kind === 'specialised') fields = byName(resource, serving.spec.fields);
  else if (serving.kind === 'certificate') fields = Object.fromEntries(resource.items.map((item, index) => [item.code, certificateFieldPath(resource, index)]));
  else fields = Object.fromEntries(resource.items.map((item) => [item.code, genericField(item)]));
  return {
    resourceCode: resource.code,
    adapter: 'http',
    endpoint: `${base}/{id}`,
    batchEndpoint: `${base}:batch`,
    credentialRef: DEMO_SOURCE_KEY,
    timeoutMs: TIMEOUT_MS,
    fields,
  };
}

/** Every demo binding, in catalogue order. */
export function demoBindings(catalog: Catalog = loadCatalog()): DemoBinding[] {
  return catalog.served.map(bindingFor);
}

/** The file's text: pretty-printed, two spaces, trailing newline. */
export function demoBindingsText(catalog: Catalog = loadCatalog()): string {
  return `${JSON.stringify(demoBindings(catalog), null, 2)}\n`;
}
