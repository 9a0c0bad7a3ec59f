import { BadInputError } from '../common/errors.js';

/**
 * How the hub reaches the department system behind one resource — data, not code: adding a
 * resource with a binding makes it queryable. Secrets are never in a binding: `credentialRef`
 * and `connectionRef` name settings the hub reads from its environment, and `{NAME}` in an
 * endpoint is replaced by the setting NAME (e.g. `{SOURCE_GAT}` → http://10.1.2.3:8080).
 */
export type SourceBinding = HttpBinding | SqlBinding;

interface BindingBase {
  resourceCode: string;
  /** Per-call timeout; the request deadline still caps it. */
  timeoutMs: number;
  /** Item code → where its value is: a dot path in the JSON record (http) or a column (sql). */
  fields: Record<string, string>;
}

export interface HttpBinding extends BindingBase {
  adapter: 'http';
  /** GET URL with `{id}` for the subject identifier. */
  endpoint: string;
  /** Optional POST URL taking `{"ids": [...]}` and answering `{"records": {id: record | null}}`. */
  batchEndpoint?: string;
  /** Setting holding the API key sent as `x-api-key`. */
  credentialRef?: string;
}

export interface SqlBinding extends BindingBase {
  adapter: 'sql';
  /** Setting holding the front database's connection string. */
  connectionRef: string;
  /** One SELECT with `$1` for the subject identifier; the first row is the record. */
  query: string;
}

const REF = /^[A-Z][A-Z0-9_]{1,63}$/;
const PLACEHOLDER = /\{([A-Z][A-Z0-9_]{1,63})\}/g;
const RESOURCE_CODE = /^\d{6,8}\/\d{6}$/;
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*$/;

/** The settings a binding needs (placeholders and refs), so a missing one is reported when saved. */
export function settingsNeeded(binding: SourceBinding): string[] {
  const names = new Set<string>();
  if (binding.adapter === 'http') {
    for (const url of [binding.endpoint, binding.batchEndpoint ?? '']) for (const match of url.matchAll(PLACEHOLDER)) names.add(match[1]);
    if (binding.credentialRef) names.add(binding.credentialRef);
  } else names.add(binding.connectionRef);
  return [...names];
}

/**
 * Checks a binding's shape against its resource's item codes and the settings available; throws
 * BAD_USER_INPUT naming the field. `settings` resolves a setting name to its value.
 */
export function validateBinding(raw: unknown, itemCodes: readonly string[], settings: (name: string) => string | undefined, at = 'binding'): SourceBinding {
  const bad = (field: string, problem: string) => new BadInputError(`${at}.${field}: ${problem}`, `${at}.${field}`);
  if (!raw || typeof raw !== 'object') throw bad('', 'must be an object');
  const b = raw as Record<string, unknown>;
  if (typeof b.resourceCode !== 'string' || !RESOURCE_CODE.test(b.resourceCode)) throw bad('resourceCode', 'is not a resource code');
  const timeoutMs = b.timeoutMs ?? 3000;
  if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs < 50 || timeoutMs > 30_000) throw bad('timeoutMs', 'must be 50…30000');
  if (!b.fields || typeof b.fields !== 'object') throw bad('fields', 'must map item codes to paths');
  const fields = b.fields as Record<string, unknown>;
  for (const [code, path] of Object.entries(fields)) {
    if (!itemCodes.includes(code)) throw bad(`fields.${code}`, 'is not an item of this resource');
    if (typeof path !== 'string' || !PATH.test(path)) throw bad(`fields.${code}`, 'must be a dot path or column name');
  }
  const unmapped = itemCodes.filter((code) => !(code in fields));
  if (unmapped.length) throw bad('fields', `does not map ${unmapped.join(', ')}`);

  let binding: SourceBinding;
  if (b.adapter === 'http') {
    if (typeof b.endpoint !== 'string' || !b.endpoint.includes('{id}')) throw bad('endpoint', 'must be a URL containing {id}');
    if (b.batchEndpoint !== undefined && typeof b.batchEndpoint !== 'string') throw bad('batchEndpoint', 'must be a URL');
    if (b.credentialRef !== undefined && (typeof b.credentialRef !== 'string' || !REF.test(b.credentialRef))) throw bad('credentialRef', 'must be a setting name like DEMO_SOURCE_KEY');
    binding = {
      resourceCode: b.resourceCode,
      adapter: 'http',
      endpoint: b.endpoint,
      ...(b.batchEndpoint ? { batchEndpoint: b.batchEndpoint as string } : {}),
      ...(b.credentialRef ? { credentialRef: b.credentialRef as string } : {}),
      timeoutMs,
      fields: fields as Record<string, string>,
    };
  } else if (b.adapter === 'sql') {
    if (typeof b.connectionRef !== 'string' || !REF.test(b.connectionRef)) throw bad('connectionRef', 'must be a setting name like FRONT_MZ');
    if (typeof b.query !== 'string' || !/^\s*select\b/i.test(b.query) || !b.query.includes('$1') || b.query.includes(';')) {
      throw bad('query', 'must be one SELECT using $1 for the subject');
    }
    binding = { resourceCode: b.resourceCode, adapter: 'sql', connectionRef: b.connectionRef, query: b.query, timeoutMs, fields: fields as Record<string, string> };
  } else throw bad('adapter', 'must be http or sql');

  for (const name of settingsNeeded(binding)) {
    const value = settings(name);
    if (value === undefined) throw bad(binding.adapter === 'sql' ? 'connectionRef' : 'endpoint', `setting ${name} is not configured`);
  }
  if (binding.adapter === 'http') {
    for (const [field, url] of [['endpoint', binding.endpoint], ['batchEndpoint', binding.batchEndpoint]] as const) {
      if (!url) continue;
      const resolved = resolveSettings(url, settings).replace('{id}', 'x');
      try {
        const parsed = new URL(resolved);
        if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error();
      } catch {
        throw bad(field, `does not resolve to an http(s) URL: ${resolved}`);
      }
    }
  } else {
    const dsn = settings(binding.connectionRef)!;
    if (!/^postgres(ql)?:\/\//.test(dsn)) throw bad('connectionRef', `setting ${binding.connectionRef} is not a postgres:// connection string`);
  }
  return binding;
}

/** Replaces `{NAME}` with the setting NAME (left as is when unknown; validation reports it). */
export function resolveSettings(template: string, settings: (name: string) => string | undefined): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => settings(name) ?? whole);
}

/** Reads a dot path (`a.b[0].c`) from a JSON record. */
export function readPath(record: unknown, path: string): unknown {
  let current: unknown = record;
  for (const part of path.split(/\.|(?=\[)/)) {
    if (current === null || current === undefined) return undefined;
    const index = /^\[(\d+)\]$/.exec(part);
    current = index ? (Array.isArray(current) ? current[Number(index[1])] : undefined) : (current as Record<string, unknown>)[part];
  }
  return current;
}
