import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SourceMode = 'ok' | 'hang' | 'malformed' | 'http500' | 'huge';

/**
 * A real HTTP department API on loopback for broker tests: answers `GET /records/<id>` with the
 * record it was given (404 for others), checks `x-api-key`, and can be switched to hang, answer
 * garbage or 500s, so the hub's timeouts and breakers meet the real thing.
 */
export interface DepartmentApi {
  url: string;
  mode: SourceMode;
  calls: number;
  batchCalls: number;
  records: Map<string, Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startDepartmentApi(apiKey: string): Promise<DepartmentApi> {
  const hanging = new Set<import('node:http').ServerResponse>();
  const api: DepartmentApi = { url: '', mode: 'ok', calls: 0, batchCalls: 0, records: new Map(), close: async () => undefined };
  const server: Server = createServer((req, res) => {
    api.calls += 1;
    if (req.headers['x-api-key'] !== apiKey) return void res.writeHead(401).end('{"error":"unauthorized"}');
    if (api.mode === 'hang') return void hanging.add(res);
    if (api.mode === 'http500') return void res.writeHead(500).end('{"error":"internal"}');
    if (api.mode === 'malformed') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"name": "张三", ');
    if (api.mode === 'huge') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ blob: 'x'.repeat(2_000_000) }));
    if (req.method === 'POST' && req.url === '/records:batch') {
      api.batchCalls += 1;
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const ids = (JSON.parse(body) as { ids: string[] }).ids;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ records: Object.fromEntries(ids.map((id) => [id, api.records.get(id) ?? null])) }));
      });
      return;
    }
    const id = decodeURIComponent(req.url?.split('/').pop() ?? '');
    const record = api.records.get(id);
    if (!record) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(record));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api.close = async () => {
    for (const res of hanging) res.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return api;
}
