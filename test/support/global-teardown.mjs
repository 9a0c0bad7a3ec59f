import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  await globalThis.__embeddedPostgres?.stop();
  if (globalThis.__testRunRoot) rmSync(globalThis.__testRunRoot, { recursive: true, force: true });
}
