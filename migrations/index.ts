// The schema's single source of truth: every migration, in order. Each module's migrations are
// listed here explicitly (no glob), so the same list works compiled, under Jest and in the CLI.
import { Foundation1764230000000 } from './1764230000000-foundation.js';
import { Catalog1764240000000 } from './1764240000000-catalog.js';
import { Grants1764250000000 } from './1764250000000-grants.js';
import { Audit1764260000000 } from './1764260000000-audit.js';
import { Sources1764270000000 } from './1764270000000-sources.js';
import { Certificates1764280000000 } from './1764280000000-certificates.js';
import { AppRole1764290000000 } from './1764290000000-app-role.js';
import { GrantMatterCode1764300000000 } from './1764300000000-grant-matter-code.js';
import { PolicyCounters1764300001000 } from './1764300001000-policy-counters.js';
import { Matters1764310000000 } from './1764310000000-matters.js';
import { HubKeys1764330000000 } from './1764330000000-hub-keys.js';
import { AlertAcknowledgement1764760000000 } from './1764760000000-alert-acknowledgement.js';

export const MIGRATIONS = [
  Foundation1764230000000,
  Catalog1764240000000,
  Grants1764250000000,
  Audit1764260000000,
  Sources1764270000000,
  Certificates1764280000000,
  AppRole1764290000000,
  GrantMatterCode1764300000000,
  PolicyCounters1764300001000,
  Matters1764310000000,
  HubKeys1764330000000,
  AlertAcknowledgement1764760000000,
];
