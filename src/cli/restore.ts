import { join } from 'node:path';
import { loadConfig } from '../config/config.js';
import { checkBackup, restore } from '../database/backup.js';
import { EmbeddedPostgres } from '../database/embedded-postgres.js';
import { connectDatabase } from '../database/resolve-database.js';

/**
 * `npm run restore -- <dir>`: checks every checksum of a backup, then restores it into an empty
 * database (DATABASE_URL, or a new embedded PostgreSQL under an empty SHAREHUB_DATA_DIR, which
 * this command starts and stops) and puts the key files back. Start the hub afterwards.
 */
async function main(argv: string[]): Promise<void> {
  const [dir] = argv;
  if (!dir || argv.length !== 1) throw new Error('usage: npm run restore -- <backup folder>');
  checkBackup(dir);
  const config = loadConfig();
  let embedded: EmbeddedPostgres | undefined;
  let databaseUrl: string;
  if (config.databaseUrl) databaseUrl = await connectDatabase(config);
  else {
    embedded = new EmbeddedPostgres({ baseDir: join(config.dataDir, 'pg'), port: config.embeddedPgPort, notice: (line) => console.log(`sharehub: ${line}`) });
    if (embedded.running()) throw new Error(`a hub is running on ${config.dataDir}: stop it; restore needs an empty data directory`);
    databaseUrl = await embedded.start();
  }
  try {
    const manifest = await restore(config, databaseUrl, dir);
    console.log(
      `restored ${dir} (made ${manifest.createdAt}): database with ${manifest.database.auditEvents} audit events and ${manifest.files.length - 1} key file(s) into ${config.dataDir}; ` +
        `check it with npm run audit -- verify, then start the hub`,
    );
    if (manifest.notInBackup.length) console.log(`set these again from your secret store: ${manifest.notInBackup.join(', ')}`);
  } finally {
    await embedded?.stop();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`sharehub restore: ${(error as Error)?.message ?? String(error)}`);
  process.exit(1);
});
