import { Pool } from 'undici';
import { SourceError, SourceUnavailableError } from '../common/errors.js';
import { readPath, resolveSettings, type HttpBinding } from './binding.js';
import { recordFrom, type SourceRecord } from './source-record.js';

interface Target {
  origin: string;
  /** Path and query, with ID_MARK where the endpoint has `{id}`. */
  path: string;
}

/** Survives URL parsing unchanged (letters and digits only) and appears in no real endpoint. */
const ID_MARK = 'SHAREHUBSUBJECTID0';
const MAX_TARGETS = 10_000;

/** Calls a department's JSON API through one keep-alive undici pool per origin. */
export class HttpAdapter {
  private readonly pools = new Map<string, Pool>();
  /** Endpoint templates parsed once: settings resolved, origin and path split (was a `new URL` per call). */
  private readonly targets = new Map<string, Target>();

  constructor(
    private readonly settings: (name: string) => string | undefined,
    private readonly maxResponseBytes: number,
    private readonly connectionsPerOrigin: number,
  ) {}

  /** The source a binding talks to (its breaker and bulkhead are per source). */
  sourceOf(binding: HttpBinding): string {
    return this.target(binding.endpoint).origin;
  }

  async fetchOne(binding: HttpBinding, subjectId: string, itemCodes: string[], signal: AbortSignal): Promise<SourceRecord> {
    const target = this.target(binding.endpoint);
    const { status, body } = await this.call(binding, target.origin, target.path.replace(ID_MARK, encodeURIComponent(subjectId)), 'GET', undefined, signal);
    if (status === 404) return recordFrom(null, () => ({}));
    return recordFrom(this.expectObject(body, binding), (record) => pick(record, binding, itemCodes));
  }

  async fetchMany(binding: HttpBinding, subjectIds: string[], itemCodes: string[], signal: AbortSignal): Promise<Map<string, SourceRecord>> {
    if (!binding.batchEndpoint) throw new Error('binding has no batch endpoint');
    const target = this.target(binding.batchEndpoint);
    const { body } = await this.call(binding, target.origin, target.path, 'POST', JSON.stringify({ ids: subjectIds }), signal);
    const records = (this.expectObject(body, binding) as { records?: unknown }).records;
    if (!records || typeof records !== 'object') throw new SourceError(`Source for ${binding.resourceCode} answered a batch without "records"`);
    return new Map(
      subjectIds.map((id) => {
        const raw = (records as Record<string, unknown>)[id] ?? null;
        return [id, recordFrom(raw === null ? null : this.expectObject(raw, binding), (record) => pick(record, binding, itemCodes))];
      }),
    );
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
    this.pools.clear();
  }

  /**
   * Settings are fixed for the life of the process, so a template always resolves to the same
   * URL; the subject's id goes where the marker stands. A template whose origin holds `{id}`
   * (no demo or shipped binding does) would be parsed per call; it is refused as a binding error.
   */
  private target(template: string): Target {
    let target = this.targets.get(template);
    if (!target) {
      const url = new URL(resolveSettings(template, this.settings).replace('{id}', ID_MARK));
      if (url.origin.includes(ID_MARK)) throw new SourceError('A source endpoint may hold {id} in its path or query only');
      target = { origin: url.origin, path: url.pathname + url.search };
      if (this.targets.size >= MAX_TARGETS) this.targets.clear();
      this.targets.set(template, target);
    }
    return target;
  }

  private async call(binding: HttpBinding, origin: string, path: string, method: 'GET' | 'POST', payload: string | undefined, signal: AbortSignal) {
    const pool = this.pool(origin);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (payload) headers['content-type'] = 'application/json';
    if (binding.credentialRef) headers['x-api-key'] = this.settings(binding.credentialRef) ?? '';
    let response;
    try {
      response = await pool.request({ path, method, headers, body: payload, signal });
    } catch (error) {
      if (signal.aborted) throw error; // the timeout policy reports it
      throw new SourceUnavailableError(`Source for ${binding.resourceCode} is unreachable: ${(error as Error).message}`, error);
    }
    const text = await readLimited(response.body, this.maxResponseBytes, binding.resourceCode);
    if (response.statusCode >= 500) throw new SourceUnavailableError(`Source for ${binding.resourceCode} answered HTTP ${response.statusCode}`);
    if (response.statusCode === 404 && method === 'GET') return { status: 404, body: null };
    if (response.statusCode >= 300) throw new SourceError(`Source for ${binding.resourceCode} answered HTTP ${response.statusCode}`);
    try {
      return { status: response.statusCode, body: JSON.parse(text) as unknown };
    } catch {
      throw new SourceError(`Source for ${binding.resourceCode} answered malformed JSON`);
    }
  }

  private expectObject(body: unknown, binding: HttpBinding): Record<string, unknown> {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new SourceError(`Source for ${binding.resourceCode} answered something other than a JSON object`);
    return body as Record<string, unknown>;
  }

  private pool(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, { connections: this.connectionsPerOrigin, keepAliveTimeout: 30_000 });
      this.pools.set(origin, pool);
    }
    return pool;
  }
}

/** Values of the asked items; a value must be a scalar (a nested object is the source's error). */
function pick(record: unknown, binding: HttpBinding | { fields: Record<string, string>; resourceCode: string }, itemCodes: string[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const code of itemCodes) {
    const value = readPath(record, binding.fields[code]);
    if (value !== null && value !== undefined && typeof value === 'object') {
      throw new SourceError(`Source for ${binding.resourceCode} gave a non-scalar value for ${code}`);
    }
    values[code] = value ?? null;
  }
  return values;
}

async function readLimited(body: AsyncIterable<Buffer> & { destroy?: () => void }, limit: number, resourceCode: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) {
      body.destroy?.();
      throw new SourceError(`Source for ${resourceCode} answered more than ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export { pick as pickFields };
