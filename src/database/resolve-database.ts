import { join } from 'node:path';
import type { AppConfig } from '../config/config.js';
import { EmbeddedPostgres } from './embedded-postgres.js';

export interface ResolvedDatabase {
  url: string;
  /** Present when the hub runs its own embedded server; stop it after the app closed. */
  embedded?: EmbeddedPostgres;
}

/** The external DATABASE_URL, or an embedded PostgreSQL started under `<dataDir>/pg`. */
export async function resolveDatabase(config: AppConfig, notice?: (line: string) => void): Promise<ResolvedDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl };
  const embedded = new EmbeddedPostgres({ baseDir: join(config.dataDir, 'pg'), port: config.embeddedPgPort, notice });
  try {
    const url = await embedded.start();
    return { url, embedded };
  } catch (error) {
    await embedded.stop().catch(() => undefined);
    throw error;
  }
}
