import { parseArgs } from 'node:util';
import { ALL_ROLES, type Role } from '../auth/principal.js';
import { signDevToken } from '../auth/dev-tokens.js';
import { loadConfig } from '../config/config.js';

const USAGE = 'usage: npm run token -- --dept <code> --roles consumer[,provider,admin,auditor] [--sub <id>] [--name <operator>] [--ttl 1h]';

/** `npm run token`: prints a token signed with the data dir's dev key (trusted outside production). */
function main(): void {
  const { values } = parseArgs({
    options: { dept: { type: 'string' }, roles: { type: 'string' }, sub: { type: 'string' }, name: { type: 'string' }, ttl: { type: 'string', default: '1h' } },
  });
  if (!values.dept || !values.roles) throw new Error(USAGE);
  const roles = values.roles.split(',').map((role) => role.trim());
  const unknown = roles.filter((role) => !ALL_ROLES.includes(role as Role));
  if (unknown.length) throw new Error(`unknown role ${unknown.join(', ')}; roles are ${ALL_ROLES.join(', ')}`);
  const config = loadConfig();
  if (!config.auth.trustDevKey) throw new Error('this hub does not trust the dev key (production): use your identity provider');
  console.log(signDevToken(config.dataDir, config.auth, { dept: values.dept, roles: roles as Role[], sub: values.sub, name: values.name, ttlSeconds: parseTtl(values.ttl!) }, config.keyDir));
}

function parseTtl(text: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(text);
  if (!match) throw new Error(`--ttl must look like 90s, 30m, 1h or 7d, got "${text}"`);
  return Number(match[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
}

try {
  main();
} catch (error) {
  console.error(`sharehub token: ${(error as Error).message}`);
  process.exit(1);
}
