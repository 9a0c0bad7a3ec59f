// The schema's single source of truth: every migration, in order. Each module's migrations are
// listed here explicitly (no glob), so the same list works compiled, under Jest and in the CLI.
import { Foundation1764230000000 } from './1764230000000-foundation.js';

export const MIGRATIONS = [Foundation1764230000000];
