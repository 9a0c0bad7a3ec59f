import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpAdapter } from '../../src/sources/http-adapter.js';
import type { HttpBinding } from '../../src/sources/binding.js';

describe('HTTP source adapter', () => {
  let server: Server;
  const paths: string[] = [];
  let origin = '';

  beforeAll(async () => {
    server = createServer((request, response) => {
      paths.push(request.url ?? '');
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ name: '张三', asOf: '2026-01-02T03:04:05Z' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('puts each subject id, encoded, where the endpoint has {id}, and names the source by its origin', async () => {
    const adapter = new HttpAdapter((name) => (name === 'SOURCE_X' ? origin : undefined), 1_000_000, 4);
    const binding: HttpBinding = { adapter: 'http', resourceCode: '101001/000001', timeoutMs: 1000, endpoint: '{SOURCE_X}/persons/{id}?v=1', fields: { '101001/000001/002': 'name' } };
    try {
      const first = await adapter.fetchOne(binding, '330106199001011236', ['101001/000001/002'], AbortSignal.timeout(5000));
      const second = await adapter.fetchOne(binding, 'A B/C', ['101001/000001/002'], AbortSignal.timeout(5000));
      expect(first.values).toEqual({ '101001/000001/002': '张三' });
      expect(second.found).toBe(true);
      expect(paths.slice(-2)).toEqual(['/persons/330106199001011236?v=1', '/persons/A%20B%2FC?v=1']);
      expect(adapter.sourceOf(binding)).toBe(origin);
    } finally {
      await adapter.close();
    }
  });
});
