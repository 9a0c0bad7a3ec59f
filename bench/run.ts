import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { foundationRows } from './foundation.js';
import { BENCH_CONNECTIONS, BENCH_SECONDS, printTable } from './lib.js';
import { freePort, serve } from './processes.js';

/**
 * `npm run bench`: starts the built hub as its own process (DATABASE_URL, or an embedded
 * PostgreSQL in a temporary data dir), drives each benchmark from this process over loopback
 * and prints one table. Ratios compare rows measured in the same run.
 */
async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sharehub-bench-'));
  chmodSync(dataDir, 0o755);
  const hub = await serve(
    '../src/main.js',
    { NODE_ENV: 'production', LOG_LEVEL: 'warn', SHAREHUB_DATA_DIR: dataDir, SHAREHUB_EMBEDDED_PG_PORT: String(await freePort()) },
    '/readyz',
  );
  console.log(`bench: ${BENCH_SECONDS}s per row, ${BENCH_CONNECTIONS} connections, database ${process.env.DATABASE_URL ? 'external' : 'embedded'}`);
  try {
    printTable([...(await foundationRows(hub.url))]);
  } finally {
    await hub.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
