import 'reflect-metadata';
import { loadConfig } from '../config/config.js';
import { startHub, stopOnSignals } from '../main.js';

/**
 * `npm run demo`: the hub with an embedded PostgreSQL (unless DATABASE_URL is set), and a
 * sample request printed so a newcomer can paste it. Later steps add demo sources and seeds.
 */
async function demo(): Promise<void> {
  const config = loadConfig();
  const hub = await startHub(config);
  const { url } = hub;
  console.log(`
sharehub demo is running at ${url}  (database: ${config.databaseUrl ? 'DATABASE_URL' : `embedded, ${config.dataDir}/pg`})

Try:
  curl -s ${url}/graphql -H 'content-type: application/json' -d '{"query":"{ hubInfo { name version } }"}'

Stop with Ctrl-C.
`);
  stopOnSignals(hub);
}

demo().catch((error: unknown) => {
  console.error(`sharehub demo: ${(error as Error)?.message ?? String(error)}`);
  process.exit(1);
});
