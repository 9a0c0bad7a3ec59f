import { loadConfig } from '../config/config.js';
import { backup } from '../database/backup.js';
import { connectDatabase } from '../database/resolve-database.js';

/**
 * `npm run backup -- <dir>`: the database (pg_dump, custom format, one consistent snapshot) and
 * the hub's key files into the new folder <dir>, with a manifest of SHA-256 checksums. Uses
 * DATABASE_URL or the embedded PostgreSQL of a running hub; starts and stops nothing.
 */
async function main(argv: string[]): Promise<void> {
  const [dir] = argv;
  if (!dir || argv.length !== 1) throw new Error('usage: npm run backup -- <new folder>');
  const config = loadConfig();
  const databaseUrl = await connectDatabase(config);
  const manifest = await backup(config, databaseUrl, dir);
  const keys = manifest.files.length - 1;
  console.log(
    `backup written to ${dir}: database (${manifest.database.auditEvents} audit events, ${manifest.database.migrations} migrations, ` +
      `pg_dump ${manifest.database.pgDumpVersion} of PostgreSQL ${manifest.database.serverVersion}) and ${keys} key file(s), checksums in manifest.json`,
  );
  if (manifest.notInBackup.length) console.log(`not in the backup (set in the environment; keep them in your secret store): ${manifest.notInBackup.join(', ')}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`sharehub backup: ${(error as Error)?.message ?? String(error)}`);
  process.exit(1);
});
