/**
 * One department's JSON API on node:http: `GET <path>/<id>` and `POST <path>:batch`, an API key
 * in `x-api-key`, and fault switches (`POST /_faults`, loopback only) so tests and the load test
 * can make the source hang, answer malformed JSON or 500s, or slow down, and then recover.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export type Lookup = (id: string) => Record<string, unknown> | null;

export interface Route {
  /** e.g. /population/persons */
  path: string;
  lookup: Lookup;
}

export type FaultMode = 'none' | 'hang' | 'malformed' | 'http500' | 'slow';
export const FAULT_MODES: readonly FaultMode[] = ['none', 'hang', 'malformed', 'http500', 'slow'];

export interface Fault {
  mode: FaultMode;
  slowMs: number;
}

export interface SourceServerOptions {
  name: string;
  routes: Route[];
  apiKey: string;
  host: string;
  /** 0 for any free port */
  port: number;
}

export interface SourceServer {
  port: number;
  fault(): Fault;
  close(): Promise<void>;
}

export const MAX_BATCH = 100;
const MAX_BODY_BYTES = 64 * 1024;
const DEFAULT_SLOW_MS = 2000;

export async function startSourceServer(options: SourceServerOptions): Promise<SourceServer> {
  const routes = new Map(options.routes.map((route) => [route.path, route.lookup]));
  const expectedKey = Buffer.from(options.apiKey, 'utf8');
  let fault: Fault = { mode: 'none', slowMs: DEFAULT_SLOW_MS };
  const hanging = new Set<ServerResponse>();

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { error: `internal error: ${(error as Error).message}` });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://source');
    const path = url.pathname;
    if (path === '/_health') return send(res, 200, { status: 'ok', source: options.name, fault: fault.mode, paths: [...routes.keys()].slice(0, 50) });
    if (path === '/_faults') return faults(req, res);

    if (!keyMatches(req.headers['x-api-key'])) return send(res, 401, { error: 'unauthorized: missing or wrong x-api-key' });

    // Injected faults apply to data requests only.
    const current = fault;
    if (current.mode === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      req.resume();
      return;
    }
    if (current.mode === 'http500') {
      req.resume();
      return send(res, 500, { error: 'internal error (injected fault)' });
    }
    if (current.mode === 'malformed') {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end('{"records": {"truncated');
      return;
    }
    if (current.mode === 'slow') await new Promise((resolve) => setTimeout(resolve, current.slowMs));

    if (req.method === 'GET') {
      const slash = path.lastIndexOf('/');
      const lookup = slash > 0 ? routes.get(path.slice(0, slash)) : undefined;
      if (!lookup) return send(res, 404, { error: 'not found', reason: `no resource at ${path.slice(0, slash)}` });
      const record = lookup(decodeURIComponent(path.slice(slash + 1)));
      return record ? send(res, 200, record) : send(res, 404, { error: 'not found' });
    }
    if (req.method === 'POST' && path.endsWith(':batch')) {
      const lookup = routes.get(path.slice(0, -':batch'.length));
      if (!lookup) {
        req.resume();
        return send(res, 404, { error: 'not found', reason: `no resource at ${path.slice(0, -6)}` });
      }
      const body = await readJson(req, res);
      if (body === undefined) return;
      const ids = (body as { ids?: unknown })?.ids;
      if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) return send(res, 400, { error: 'body must be {"ids": [string, …]}' });
      if (ids.length > MAX_BATCH) return send(res, 400, { error: `at most ${MAX_BATCH} ids per batch` });
      const records: Record<string, Record<string, unknown> | null> = {};
      for (const id of ids as string[]) records[id] = lookup(id);
      return send(res, 200, { records });
    }
    req.resume();
    return send(res, 405, { error: 'method not allowed' });
  }

  async function faults(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isLoopback(req.socket.remoteAddress)) {
      req.resume();
      return send(res, 403, { error: 'fault switches only answer on loopback' });
    }
    if (req.method === 'GET') return send(res, 200, fault);
    if (req.method !== 'POST') return send(res, 405, { error: 'method not allowed' });
    const body = (await readJson(req, res)) as { mode?: unknown; slowMs?: unknown } | undefined;
    if (body === undefined) return;
    if (!FAULT_MODES.includes(body?.mode as FaultMode)) return send(res, 400, { error: `mode must be one of ${FAULT_MODES.join(', ')}` });
    const slowMs = body.slowMs ?? DEFAULT_SLOW_MS;
    if (typeof slowMs !== 'number' || !Number.isInteger(slowMs) || slowMs < 0 || slowMs > 600_000) return send(res, 400, { error: 'slowMs must be an integer 0..600000' });
    fault = { mode: body.mode as FaultMode, slowMs };
    if (fault.mode !== 'hang') {
      // Requests held by an earlier hang are cut off, as a recovering server would drop them.
      for (const held of hanging) held.destroy();
      hanging.clear();
    }
    return send(res, 200, fault);
  }

  function keyMatches(header: string | string[] | undefined): boolean {
    if (typeof header !== 'string') return false;
    const given = Buffer.from(header, 'utf8');
    return given.length === expectedKey.length && timingSafeEqual(given, expectedKey);
  }

  async function readJson(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        send(res, 413, { error: `body larger than ${MAX_BODY_BYTES} bytes` });
        req.destroy();
        return undefined;
      }
      chunks.push(chunk);
    }
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    } catch {
      send(res, 400, { error: 'body is not JSON' });
      return undefined;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    port: (server.address() as AddressInfo).port,
    fault: () => fault,
    close: () =>
      new Promise<void>((resolve) => {
        for (const held of hanging) held.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1' || (address?.startsWith('127.') ?? false);
}
