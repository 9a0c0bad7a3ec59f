import { cpuNote, httpRow, load, type Row } from './lib.js';
import { PINNING, serve } from './processes.js';

/** `{ __typename }` through the whole hub vs a bare node:http JSON server, same run. */
export async function foundationRows(hubUrl: string, hubPid?: number): Promise<Row[]> {
  // On the hub's core, like the hub it is compared with (a child would otherwise inherit the load generator's core).
  const bare = await serve('./bare-json-server.js', {}, '/ready', { core: PINNING?.hub });
  const request = { method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) };
  try {
    const direct = await load({ url: `${bare.url}/`, ...request }, undefined, undefined, { bare: bare.child.pid });
    const hub = await load({ url: `${hubUrl}/graphql`, ...request }, undefined, undefined, { hub: hubPid });
    return [
      httpRow('bare node:http JSON', direct, cpuNote(direct)),
      httpRow('hub { __typename }', hub, `ratio hub/bare ${(hub.requestsPerSecond / direct.requestsPerSecond).toFixed(2)}; ${cpuNote(hub)}`),
    ];
  } finally {
    await bare.stop();
  }
}
