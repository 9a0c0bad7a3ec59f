/**
 * One demo department source as its own process:
 *   node dist/demo/sources/server.js --source gat --port 4101
 * Data options come from SOURCES_SEED / SOURCES_PERSONS / SOURCES_COMPANIES, the key from
 * SOURCES_API_KEY. Started by the launcher (launcher.ts), it reports readiness over IPC; run by
 * hand it prints the port. Stops on SIGINT/SIGTERM, and when its parent goes away.
 */
import { Dataset, datasetOptionsFromEnv } from '../population/index.js';
import { DEFAULT_API_KEY, SOURCES, routesOf, type SourceKey } from './definitions.js';
import { startSourceServer } from './http-source.js';

export interface ReadyMessage {
  type: 'ready';
  source: SourceKey;
  port: number;
  buildMs: number;
  routes: number;
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const key = argument('source') as SourceKey;
  const definition = SOURCES.find((s) => s.key === key);
  if (!definition) throw new Error(`--source must be one of ${SOURCES.map((s) => s.key).join(', ')}`);
  const port = Number(argument('port') ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be 0..65535');

  const started = performance.now();
  const dataset = new Dataset(datasetOptionsFromEnv());
  const routes = routesOf(key, dataset);
  const buildMs = Math.round(performance.now() - started);
  const server = await startSourceServer({
    name: `${definition.key} (${definition.title})`,
    routes,
    apiKey: process.env.SOURCES_API_KEY || DEFAULT_API_KEY,
    host: process.env.SOURCES_HOST || '127.0.0.1',
    port,
  });

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void server.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  // Under a launcher (IPC), Ctrl-C reaches the whole process group: the launcher decides, by SIGTERM.
  process.on('SIGINT', process.send ? () => undefined : stop);
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);

  const ready: ReadyMessage = { type: 'ready', source: key, port: server.port, buildMs, routes: routes.length };
  if (process.send) process.send(ready);
  else console.log(`${definition.env}=http://127.0.0.1:${server.port}  (${definition.title}, ${routes.length} paths, data built in ${buildMs} ms)`);
}

main().catch((error: unknown) => {
  console.error(`demo source ${argument('source') ?? '?'}: ${(error as Error)?.stack ?? String(error)}`);
  process.exit(1);
});
