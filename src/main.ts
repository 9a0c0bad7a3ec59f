import 'reflect-metadata';
import { createApp } from './app.js';
import { ConfigError, loadConfig, type AppConfig } from './config/config.js';
import { EmbeddedPostgresError } from './database/embedded-postgres.js';
import { resolveDatabase, type ResolvedDatabase } from './database/resolve-database.js';

export type StartedHub = Awaited<ReturnType<typeof startHub>>;

/** Starts the hub: config → database (external or embedded, unless given) → migrations → HTTP. */
export async function startHub(config: AppConfig, resolved?: ResolvedDatabase) {
  const database = resolved ?? (await resolveDatabase(config, (line) => console.log(`sharehub: ${line}`)));
  try {
    const app = await createApp(config, database.url);
    await app.listen({ port: config.port, host: config.host });
    return { app, database, url: await app.getUrl() };
  } catch (error) {
    if (!resolved) await database.embedded?.stop();
    throw error;
  }
}

/** The mode line of the startup log: production unless NODE_ENV says otherwise, and what that means. */
export function describeMode(config: AppConfig): string {
  if (config.nodeEnv === 'production') return 'production mode';
  return `${config.nodeEnv} mode (NODE_ENV=${config.nodeEnv}: dev keys trusted, introspection ${config.introspection ? 'on' : 'off'}` +
    `${config.nodeEnv === 'development' ? ', error details returned' : ''}; never expose it)`;
}

/** Errors whose message already says everything: print one line, no stack. */
function isExplained(error: unknown): error is Error {
  return error instanceof ConfigError || error instanceof EmbeddedPostgresError;
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(`sharehub: configuration error: ${(error as Error).message}`);
    process.exit(78); // EX_CONFIG
  }
  const hub = await startHub(config);
  console.log(`sharehub listening on ${hub.url} (GraphQL at ${hub.url}/graphql) in ${describeMode(config)}`);
  stopOnSignals(hub);
}

/** SIGINT/SIGTERM: stop taking requests, close the pool, then stop the embedded PostgreSQL. */
export function stopOnSignals({ app, database }: StartedHub, alsoStop: () => Promise<void> = async () => undefined): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`sharehub: ${signal} received, shutting down`);
    const timer = setTimeout(() => process.exit(1), 20_000);
    try {
      await app.close();
      await alsoStop();
      await database.embedded?.stop();
    } finally {
      clearTimeout(timer);
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(`sharehub: failed to start: ${isExplained(error) ? error.message : (error as Error)?.stack ?? String(error)}`);
    process.exit(1);
  });
}
