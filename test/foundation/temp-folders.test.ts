import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startTestHub } from '../support/hub.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A test run leaves nothing in the temporary directory (it used to leave ~45 sharehub-* folders, 469 MB). */
describe('temporary folders', () => {
  it('every temporary folder of the run lives under one run folder that global teardown removes', () => {
    expect(basename(tmpdir())).toMatch(/^sharehub-test-run-/);
  });

  it('a test hub removes its data dir (dev keys, secrets) when it closes', async () => {
    const hub = await startTestHub();
    expect(existsSync(hub.config.dataDir)).toBe(true);
    await hub.close();
    expect(existsSync(hub.config.dataDir)).toBe(false);
  });

  it('a whole Jest run leaves its temporary directory as it found it', async () => {
    // A private temporary directory for a nested run of a suite that makes folders and never removes them itself.
    const outer = mkdtempSync(join(dirname(tmpdir()), 'sharehub-tmpcheck-'));
    try {
      await run(
        process.execPath,
        ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', 'node_modules/jest/bin/jest.js', 'test/unit/masking.test.ts'],
        { cwd: ROOT, env: { PATH: process.env.PATH ?? '', TMPDIR: outer, DATABASE_URL: process.env.SHAREHUB_TEST_ADMIN_URL! } },
      );
      // Jest's own transform caches (jest_*, swc-*) are caches, reused by the next run.
      expect(readdirSync(outer).filter((name) => !/^(jest_|swc-)/.test(name))).toEqual([]);
    } finally {
      rmSync(outer, { recursive: true, force: true });
    }
  }, 120_000);
});
