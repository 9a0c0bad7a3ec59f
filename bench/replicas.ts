import { lookupShape } from './exchange.js';
import { cpuNote, httpRow, load, loadTogether, type Row } from './lib.js';
import type { Served } from './processes.js';

/**
 * One hub process vs two on the same PostgreSQL, the 5-item lookup, the same connections in
 * total (split evenly between the two, as a load balancer would). On this 2-core machine the
 * load generator, both hubs, the source and PostgreSQL share the cores, so the second replica
 * shows what the shared database costs rather than added capacity.
 */
export async function replicaRows(hub: Served, startSecondReplica: () => Promise<Served>, consumerToken: string, person: string): Promise<Row[]> {
  const lookup = lookupShape(consumerToken, person).target;
  const one = await load(lookup(hub.url), undefined, undefined, { hub: hub.child.pid });
  const second = await startSecondReplica();
  try {
    const two = await loadTogether([lookup(hub.url), lookup(second.url)], undefined, undefined, {
      'hub A': hub.child.pid,
      'hub B': second.child.pid,
    });
    return [
      httpRow('hub lookup, 1 replica', one, cpuNote(one)),
      httpRow('hub lookup, 2 replicas, one PostgreSQL', two, `ratio 2/1 replicas ${(two.requestsPerSecond / one.requestsPerSecond).toFixed(2)}; ${cpuNote(two)}`),
    ];
  } finally {
    await second.stop();
  }
}
