import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HUB_NODE_FLAGS } from '../../src/config/node-flags.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

function sourceText(dir: string): string {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
    .join('\n');
}

/** The operator's guide says what the code does: its settings, commands, files and unit exist. */
describe('docs/operations.md', () => {
  const guide = read('docs/operations.md');

  it('is linked from the README', () => {
    expect(read('README.md')).toContain('](docs/operations.md)');
  });

  it('starts with a table of contents that matches its sections, in order', () => {
    const contents = guide.slice(guide.indexOf('## Contents'), guide.indexOf('\n## 1.'));
    const listed = [...contents.matchAll(/^\d+\. \[(.+)\]\(#(.+)\)$/gm)].map((match) => ({ title: match[1], anchor: match[2] }));
    const sections = [...guide.matchAll(/^## (\d+\. .+)$/gm)].map((match) => match[1]);
    expect(listed.map((entry) => entry.title)).toEqual(sections.map((title) => title.replace(/^\d+\. /, '')));
    // GitHub's anchors: lower case, spaces to dashes, punctuation dropped.
    expect(listed.map((entry) => entry.anchor)).toEqual(sections.map((title) => title.toLowerCase().replace(/[^\p{L}\p{N} -]/gu, '').replace(/ /g, '-')));
    expect(sections.length).toBeGreaterThanOrEqual(10);
  });

  it('names only settings the hub reads', () => {
    const code = [sourceText('src'), sourceText('demo')].join('\n');
    const named = new Set([...guide.matchAll(/\b(SHAREHUB_[A-Z0-9_]+|SOURCES_PORT_BASE|DB_POOL_SIZE|BODY_LIMIT_BYTES|GRAPHQL_[A-Z_]+)\b/g)].map((match) => match[1]));
    const unknown = [...named].filter((name) => !name.endsWith('_') && !code.includes(`'${name}'`) && !code.includes(`${name}:`) && !code.includes(`.${name}`));
    expect(unknown).toEqual([]);
  });

  it('names only npm scripts that exist (the key rotation CLI comes with docs/keys.md)', () => {
    const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);
    const used = new Set([...guide.matchAll(/npm run ([a-z:-]+)/g)].map((match) => match[1]));
    const keysLanded = existsSync(join(ROOT, 'docs/keys.md'));
    expect([...used].filter((name) => !scripts.includes(name) && !(name === 'keys' && !keysLanded))).toEqual([]);
    for (const name of ['backup', 'restore', 'migrate', 'audit', 'demo']) expect(used).toContain(name);
  });

  it('points at files that exist', () => {
    const files = [...guide.matchAll(/`((?:src|deploy|data|migrations|test)\/[^`\s]+)`/g)].map((match) => match[1].replace(/,$/, ''));
    expect(files.filter((file) => !existsSync(join(ROOT, file)))).toEqual([]);
  });
});

describe('deploy/sharehub.service', () => {
  const unit = read('deploy/sharehub.service');
  const directive = (name: string) => [...unit.matchAll(new RegExp(`^${name}=(.*)$`, 'gm'))].map((match) => match[1]);

  it('runs the built hub with its Node flags, in production, as its own user, restarted on failure', () => {
    expect(directive('ExecStart')).toEqual([`/usr/bin/node ${HUB_NODE_FLAGS.join(' ')} dist/src/main.js`]);
    expect(existsSync(join(ROOT, 'src/main.ts'))).toBe(true);
    expect(directive('Environment')).toContain('NODE_ENV=production');
    expect(directive('EnvironmentFile')).toEqual(['/etc/sharehub/sharehub.env']);
    expect(directive('User')).toEqual(['sharehub']);
    expect(directive('Restart')).toEqual(['on-failure']);
    // A configuration error (the hub exits 78) is not retried in a loop.
    expect(directive('RestartPreventExitStatus')).toEqual(['78']);
    expect(directive('KillSignal')).toEqual(['SIGTERM']);
    expect(unit).toMatch(/^\[Unit\]$[\s\S]*^\[Service\]$[\s\S]*^\[Install\]$/m);
  });
});
