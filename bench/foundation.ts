import { httpRow, load, type Row } from './lib.js';
import { serve } from './processes.js';

/** `{ __typename }` through the whole hub vs a bare node:http JSON server, same run. */
export async function foundationRows(hubUrl: string): Promise<Row[]> {
  const bare = await serve('./bare-json-server.js', {}, '/ready');
  const request = { method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) };
  try {
    const direct = await load({ url: `${bare.url}/`, ...request });
    const hub = await load({ url: `${hubUrl}/graphql`, ...request });
    return [
      httpRow('bare node:http JSON', direct),
      httpRow('hub { __typename }', hub, `ratio hub/bare ${(hub.requestsPerSecond / direct.requestsPerSecond).toFixed(2)}`),
    ];
  } finally {
    await bare.stop();
  }
}
