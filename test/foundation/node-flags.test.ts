import { readFileSync } from 'node:fs';
import { HUB_NODE_FLAGS } from '../../src/config/node-flags.js';

/** The npm scripts that run a hub (or the bench's in-process audit writer) spell HUB_NODE_FLAGS themselves. */
describe('hub process flags', () => {
  const scripts = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const ci = readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8');

  it.each(['start', 'demo', 'bench', 'loadtest'])('npm run %s starts node with them', (name) => {
    expect(scripts[name]).toMatch(new RegExp(`\\bnode ${HUB_NODE_FLAGS.join(' ')} dist/`));
  });

  it('the CI load test starts node with them', () => {
    expect(ci).toMatch(new RegExp(`\\bnode ${HUB_NODE_FLAGS.join(' ')} dist/loadtest/main\\.js`));
  });
});
