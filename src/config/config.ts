import { createHash, createPublicKey } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The hub's whole configuration, read once from the environment and validated at start. */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** External PostgreSQL; when absent the hub starts an embedded server under `dataDir/pg`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /**
   * Folder of the hub's rotated keys (`SHAREHUB_KEY_DIR`, default `<dataDir>/keys`): generation n ≥ 2
   * of the checkpoint, receipt, subject-hash and token keys, `<name>-<n>.pem|.secret` (docs/keys.md).
   */
  keyDir: string;
  /** Port of the embedded PostgreSQL (only used without DATABASE_URL). */
  embeddedPgPort: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** GraphQL introspection: on in development, off by default in production. */
  introspection: boolean;
  dbPoolSize: number;
  /** Largest accepted request body, in bytes (GraphQL documents plus variables). */
  bodyLimitBytes: number;
  graphql: GraphqlLimits;
  auth: AuthConfig;
  grants: GrantsConfig;
  audit: AuditConfig;
  sources: SourcesConfig;
  exchange: ExchangeConfig;
  certificates: CertificatesConfig;
}

export interface CertificatesConfig {
  /**
   * Folder of the issuing departments' seal keys, `seal-<dept>-<n>.pem` (Ed25519 or EC P-256,
   * `SHAREHUB_SEAL_KEY_DIR`). Outside production `<dataDir>/keys`, where missing keys are created;
   * in production the keys must be there (the hub never creates one).
   */
  sealKeyDir: string | undefined;
  /**
   * GET URL of the issuers' lookup by 证照标识 (`SHAREHUB_CERT_LOOKUP_ENDPOINT`), with `{id}` and
   * source settings like a binding's, e.g. `{SOURCE_DZZZ}/certificates/by-id/{id}`; the printable
   * copy (GET /certificates/<证照标识>.pdf) needs it. The type's binding gives fields and credential.
   */
  lookupEndpoint: string | undefined;
}

export interface AuthConfig {
  /** Expected `iss` and `aud` of every token. */
  issuer: string;
  audience: string;
  /** Tolerance for `exp`/`nbf`/`iat` between the token issuer's clock and ours. */
  clockSkewSeconds: number;
  /** Trusted public keys as a JWKS file and/or a JWKS URL (fetched, cached, refreshed). */
  jwksFile: string | undefined;
  jwksUrl: string | undefined;
  /** An HS256 shared secret, only when explicitly configured. */
  hs256Secret: string | undefined;
  /** Trust the hub's own development signing key (`npm run token`); never in production. */
  trustDevKey: boolean;
  /** How long a rotated-out hub token key stays trusted (`SHAREHUB_TOKEN_KEY_OVERLAP_SECONDS`, default a day). */
  tokenKeyOverlapSeconds: number;
  /** The JWKS URL's keys are refetched after this (`SHAREHUB_JWKS_MAX_AGE_SECONDS`, default 10 min)… */
  jwksMaxAgeSeconds: number;
  /** …and on a token with an unknown kid, at most this often (`SHAREHUB_JWKS_COOLDOWN_SECONDS`, default 30 s). */
  jwksCooldownSeconds: number;
  /**
   * The console's OpenID Connect client id at the issuer (`SHAREHUB_OIDC_CLIENT_ID`): the console
   * signs people in with authorization code + PKCE against `issuer`, which must then be its URL.
   */
  oidcClientId: string | undefined;
}

export interface GrantsConfig {
  /** Public holidays and make-up working weekends (YYYY-MM-DD) for review deadlines. */
  holidays: string[];
  workingWeekends: string[];
  /** Working days a provider has to answer a conditional application. */
  reviewWorkingDays: number;
}

export interface SourcesConfig {
  /**
   * Settings bindings may name (endpoint base URLs, API keys, front-database DSNs): environment
   * variables whose name starts with SOURCE_ or FRONT_, or ends with _SOURCE_KEY. Nothing else of
   * the environment is reachable from a binding, so a binding cannot exfiltrate the hub's secrets.
   */
  settings: Readonly<Record<string, string>>;
  /** Largest JSON body accepted from a source. */
  maxResponseBytes: number;
  /** Concurrent calls per source before new ones are refused (bulkhead). */
  maxConcurrentPerSource: number;
  /** Consecutive failures that open a source's circuit breaker, and how long it stays open. */
  breakerFailures: number;
  breakerOpenMs: number;
}

export const SOURCE_SETTING_NAME = /^(SOURCE_[A-Z0-9_]+|FRONT_[A-Z0-9_]+|[A-Z0-9_]+_SOURCE_KEY)$/;

export interface ExchangeConfig {
  /** PEM (EC P-256) that signs disclosure receipts; a generated one in the data dir outside production. */
  receiptKeyFile: string | undefined;
  /** Deadline of one data request, across all its source calls. */
  requestDeadlineMs: number;
  /**
   * Per-principal token bucket: sustained data requests per second, and the burst allowed. The
   * bucket lives in each hub process: the rate applies to each replica (N replicas allow N times it).
   */
  principalRatePerSecond: number;
  principalBurst: number;
  /**
   * Verify is not an oracle: after this many non-matching answers in 24 h for one consumer
   * department × subject × item (counted in PostgreSQL, so for all replicas together), further
   * verify calls for that triple are denied VERIFY_LIMITED and raise a VERIFY_PROBING alert.
   */
  verifyMismatchLimit: number;
  /** A principal that reaches the verify limit on this many subjects within an hour raises a second alert. */
  verifyProbedSubjectsPerHour: number;
}

export interface GraphqlLimits {
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  /** How often one field may be written in one selection set. */
  maxFieldRepeats: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
}

/** A configuration problem, reported as one line naming the variable. */
export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function readBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function readEnum<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function readDatabaseUrl(env: Env): string | undefined {
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', 'is not a valid URL (expected postgres://user@host:port/database)');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', `must use the postgres:// scheme, got "${url.protocol}"`);
  }
  if (url.pathname.length <= 1) throw new ConfigError('DATABASE_URL', 'must name a database');
  return raw;
}

function readHost(env: Env): string {
  const host = env.HOST ?? '127.0.0.1';
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) throw new ConfigError('HOST', `is not a host name or address: "${host}"`);
  return host;
}

function readDates(env: Env, name: string): string[] {
  const raw = env[name];
  if (!raw) return [];
  const dates = raw.split(',').map((date) => date.trim()).filter(Boolean);
  const bad = dates.find((date) => !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)));
  if (bad) throw new ConfigError(name, `must be a comma-separated list of YYYY-MM-DD dates, got "${bad}"`);
  return dates;
}

function readOptionalUrl(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error();
    return raw;
  } catch {
    throw new ConfigError(name, `must be an http(s) URL, got "${raw}"`);
  }
}

function readAuth(env: Env, nodeEnv: AppConfig['nodeEnv']): AuthConfig {
  const hs256Secret = env.SHAREHUB_JWT_HS256_SECRET || undefined;
  if (hs256Secret !== undefined && Buffer.byteLength(hs256Secret) < 32) {
    throw new ConfigError('SHAREHUB_JWT_HS256_SECRET', 'must be at least 32 bytes');
  }
  const trustDevKey = readBool(env, 'SHAREHUB_TRUST_DEV_KEY', nodeEnv !== 'production');
  if (trustDevKey && nodeEnv === 'production') throw new ConfigError('SHAREHUB_TRUST_DEV_KEY', 'must not be on in production');
  const auth: AuthConfig = {
    issuer: env.SHAREHUB_JWT_ISSUER || 'sharehub',
    audience: env.SHAREHUB_JWT_AUDIENCE || 'sharehub',
    clockSkewSeconds: readInt(env, 'SHAREHUB_JWT_CLOCK_SKEW_SECONDS', 30, 0, 300),
    jwksFile: env.SHAREHUB_JWKS_FILE ? resolve(env.SHAREHUB_JWKS_FILE) : undefined,
    jwksUrl: readOptionalUrl(env, 'SHAREHUB_JWKS_URL'),
    hs256Secret,
    trustDevKey,
    tokenKeyOverlapSeconds: readInt(env, 'SHAREHUB_TOKEN_KEY_OVERLAP_SECONDS', 24 * 3600, 0, 90 * 24 * 3600),
    jwksMaxAgeSeconds: readInt(env, 'SHAREHUB_JWKS_MAX_AGE_SECONDS', 600, 1, 86_400),
    jwksCooldownSeconds: readInt(env, 'SHAREHUB_JWKS_COOLDOWN_SECONDS', 30, 1, 3_600),
    oidcClientId: env.SHAREHUB_OIDC_CLIENT_ID || undefined,
  };
  if (auth.oidcClientId && !/^https?:\/\//.test(auth.issuer)) {
    throw new ConfigError('SHAREHUB_JWT_ISSUER', `must be the OpenID provider's URL when SHAREHUB_OIDC_CLIENT_ID is set, got "${auth.issuer}"`);
  }
  if (!auth.jwksFile && !auth.jwksUrl && !auth.hs256Secret && !auth.trustDevKey) {
    throw new ConfigError('SHAREHUB_JWKS_FILE', 'no token keys configured: set SHAREHUB_JWKS_FILE, SHAREHUB_JWKS_URL or SHAREHUB_JWT_HS256_SECRET');
  }
  return auth;
}

export interface AuditConfig {
  /** PEM Ed25519 private key that signs checkpoints (`SHAREHUB_AUDIT_KEY_FILE`); outside production `<dataDir>/keys/audit-checkpoint.pem`. */
  keyFile: string | undefined;
  /** HMAC key for subject references (`SHAREHUB_SUBJECT_HASH_SECRET`, ≥ 32 bytes); outside production `<dataDir>/keys/subject-hash.secret`. */
  subjectHashSecret: string | undefined;
  /** Group commit: how long the first event of a batch waits for company, the batch cap, and the most events queued or in flight. */
  batchWindowMs: number;
  maxBatch: number;
  maxBuffer: number;
  /** Lock wait and statement limit of one batch transaction. */
  commitTimeoutMs: number;
  /** How often a signed checkpoint is added while the tree grows. */
  checkpointIntervalMs: number;
  alerts: AuditAlertConfig;
}

export interface AuditAlertConfig {
  /** How often the rules run over new events (0 = never; tests run them by hand). */
  intervalMs: number;
  /** IANA zone of working hours and of DAY statistics. */
  timeZone: string;
  workingHours: { start: string; end: string };
  /** ISO weekdays (1 = Monday). */
  workingDays: number[];
  /** Public holidays (YYYY-MM-DD, SHAREHUB_HOLIDAYS): off hours all day. */
  holidays?: string[];
  /** More than this many distinct subjects read by one principal in one clock hour. */
  distinctSubjectsPerHour: number;
  /** At least this many distinct case numbers for one subject in one day. */
  casesPerSubjectPerDay: number;
  /** At least this many denied requests by one principal within the window. */
  deniedBurst: number;
  deniedWindowMinutes: number;
}

function readAudit(env: Env, nodeEnv: AppConfig['nodeEnv']): AuditConfig {
  const keyFile = env.SHAREHUB_AUDIT_KEY_FILE ? resolve(env.SHAREHUB_AUDIT_KEY_FILE) : undefined;
  const subjectHashSecret = env.SHAREHUB_SUBJECT_HASH_SECRET || undefined;
  if (subjectHashSecret !== undefined && Buffer.byteLength(subjectHashSecret) < 32) {
    throw new ConfigError('SHAREHUB_SUBJECT_HASH_SECRET', 'must be at least 32 bytes');
  }
  if (nodeEnv === 'production' && !keyFile) throw new ConfigError('SHAREHUB_AUDIT_KEY_FILE', 'is required in production (PEM Ed25519 private key)');
  if (nodeEnv === 'production' && !subjectHashSecret) throw new ConfigError('SHAREHUB_SUBJECT_HASH_SECRET', 'is required in production');
  const timeZone = env.SHAREHUB_AUDIT_TIME_ZONE || 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new ConfigError('SHAREHUB_AUDIT_TIME_ZONE', `is not an IANA time zone: "${timeZone}"`);
  }
  const hours = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/.exec(env.SHAREHUB_AUDIT_WORKING_HOURS || '08:00-18:00');
  if (!hours) throw new ConfigError('SHAREHUB_AUDIT_WORKING_HOURS', `must be HH:MM-HH:MM, got "${env.SHAREHUB_AUDIT_WORKING_HOURS}"`);
  const dayRange = /^([1-7])-([1-7])$/.exec(env.SHAREHUB_AUDIT_WORKING_DAYS || '1-5');
  const dayList = (env.SHAREHUB_AUDIT_WORKING_DAYS || '').split(',').map((day) => day.trim());
  let workingDays: number[];
  if (dayRange) workingDays = Array.from({ length: Math.max(0, Number(dayRange[2]) - Number(dayRange[1]) + 1) }, (_, i) => Number(dayRange[1]) + i);
  else if (dayList.every((day) => /^[1-7]$/.test(day))) workingDays = dayList.map(Number);
  else throw new ConfigError('SHAREHUB_AUDIT_WORKING_DAYS', `must be ISO weekdays like 1-5 or 1,2,3,4,5,6, got "${env.SHAREHUB_AUDIT_WORKING_DAYS}"`);
  return {
    keyFile,
    subjectHashSecret,
    batchWindowMs: readInt(env, 'SHAREHUB_AUDIT_BATCH_WINDOW_MS', 2, 0, 1000),
    maxBatch: readInt(env, 'SHAREHUB_AUDIT_MAX_BATCH', 1000, 1, 5000),
    maxBuffer: readInt(env, 'SHAREHUB_AUDIT_MAX_BUFFER', 20000, 1, 1_000_000),
    commitTimeoutMs: readInt(env, 'SHAREHUB_AUDIT_COMMIT_TIMEOUT_MS', 5000, 100, 120_000),
    checkpointIntervalMs: readInt(env, 'SHAREHUB_AUDIT_CHECKPOINT_INTERVAL_MS', 2000, 100, 60_000),
    alerts: {
      intervalMs: readInt(env, 'SHAREHUB_AUDIT_ALERT_INTERVAL_MS', 10_000, 0, 3_600_000),
      timeZone,
      workingHours: { start: `${hours[1]}:${hours[2]}`, end: `${hours[3]}:${hours[4]}` },
      workingDays,
      distinctSubjectsPerHour: readInt(env, 'SHAREHUB_AUDIT_ALERT_SUBJECTS_PER_HOUR', 100, 1, 1_000_000),
      casesPerSubjectPerDay: readInt(env, 'SHAREHUB_AUDIT_ALERT_CASES_PER_SUBJECT', 3, 2, 1000),
      deniedBurst: readInt(env, 'SHAREHUB_AUDIT_ALERT_DENIED_BURST', 10, 1, 100_000),
      deniedWindowMinutes: readInt(env, 'SHAREHUB_AUDIT_ALERT_DENIED_WINDOW_MINUTES', 10, 1, 1440),
    },
  };
}

/** Builds the typed configuration; throws ConfigError on the first bad variable. */
export function loadConfig(env: Env = process.env): AppConfig {
  // Production unless development (or test) is asked for: an operator who forgets NODE_ENV gets
  // no introspection, no landing page and no error details, and the production checks below.
  const nodeEnv = readEnum(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'production');
  const config: AppConfig = {
    nodeEnv,
    host: readHost(env),
    port: readInt(env, 'PORT', 3000, 0, 65535),
    databaseUrl: readDatabaseUrl(env),
    dataDir: resolve(env.SHAREHUB_DATA_DIR || './.sharehub'),
    keyDir: resolve(env.SHAREHUB_KEY_DIR || resolve(env.SHAREHUB_DATA_DIR || './.sharehub', 'keys')),
    embeddedPgPort: readInt(env, 'SHAREHUB_EMBEDDED_PG_PORT', 54329, 1024, 65535),
    logLevel: readEnum(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    introspection: readBool(env, 'GRAPHQL_INTROSPECTION', nodeEnv !== 'production'),
    dbPoolSize: readInt(env, 'DB_POOL_SIZE', 20, 1, 500),
    bodyLimitBytes: readInt(env, 'BODY_LIMIT_BYTES', 256 * 1024, 1024, 64 * 1024 * 1024),
    graphql: {
      maxDepth: readInt(env, 'GRAPHQL_MAX_DEPTH', 10, 1, 100),
      maxAliases: readInt(env, 'GRAPHQL_MAX_ALIASES', 15, 0, 1000),
      maxRootFields: readInt(env, 'GRAPHQL_MAX_ROOT_FIELDS', 10, 1, 1000),
      maxFieldRepeats: readInt(env, 'GRAPHQL_MAX_FIELD_REPEATS', 5, 1, 1000),
      maxDirectives: readInt(env, 'GRAPHQL_MAX_DIRECTIVES', 20, 0, 1000),
      maxTokens: readInt(env, 'GRAPHQL_MAX_TOKENS', 2000, 10, 100000),
      maxCost: readInt(env, 'GRAPHQL_MAX_COST', 5000, 10, 1000000),
    },
    auth: readAuth(env, nodeEnv),
    sources: {
      settings: Object.fromEntries(
        Object.entries(env).filter((entry): entry is [string, string] => SOURCE_SETTING_NAME.test(entry[0]) && !!entry[1]),
      ),
      maxResponseBytes: readInt(env, 'SHAREHUB_SOURCE_MAX_RESPONSE_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
      maxConcurrentPerSource: readInt(env, 'SHAREHUB_SOURCE_MAX_CONCURRENCY', 64, 1, 10_000),
      breakerFailures: readInt(env, 'SHAREHUB_SOURCE_BREAKER_FAILURES', 5, 1, 1000),
      breakerOpenMs: readInt(env, 'SHAREHUB_SOURCE_BREAKER_OPEN_MS', 5_000, 100, 600_000),
    },
    exchange: {
      receiptKeyFile: env.SHAREHUB_RECEIPT_KEY_FILE ? resolve(env.SHAREHUB_RECEIPT_KEY_FILE) : undefined,
      requestDeadlineMs: readInt(env, 'SHAREHUB_REQUEST_DEADLINE_MS', 5_000, 100, 60_000),
      principalRatePerSecond: readInt(env, 'SHAREHUB_PRINCIPAL_RATE_PER_SECOND', 200, 1, 1_000_000),
      principalBurst: readInt(env, 'SHAREHUB_PRINCIPAL_BURST', 400, 1, 1_000_000),
      verifyMismatchLimit: readInt(env, 'SHAREHUB_VERIFY_MISMATCH_LIMIT', 5, 1, 1000),
      verifyProbedSubjectsPerHour: readInt(env, 'SHAREHUB_VERIFY_PROBED_SUBJECTS_PER_HOUR', 3, 1, 1000),
    },
    grants: {
      holidays: readDates(env, 'SHAREHUB_HOLIDAYS'),
      workingWeekends: readDates(env, 'SHAREHUB_WORKING_WEEKENDS'),
      reviewWorkingDays: readInt(env, 'SHAREHUB_REVIEW_WORKING_DAYS', 10, 1, 60),
    },
    audit: readAudit(env, nodeEnv),
    certificates: {
      sealKeyDir: env.SHAREHUB_SEAL_KEY_DIR ? resolve(env.SHAREHUB_SEAL_KEY_DIR) : undefined,
      lookupEndpoint: (() => {
        const endpoint = env.SHAREHUB_CERT_LOOKUP_ENDPOINT || undefined;
        if (endpoint !== undefined && !/^(https?:\/\/|\{[A-Z][A-Z0-9_]{1,63}\})\S*\{id\}/.test(endpoint)) {
          throw new ConfigError('SHAREHUB_CERT_LOOKUP_ENDPOINT', `must be an http(s) URL or {SETTING}… template containing {id}, got "${endpoint}"`);
        }
        return endpoint;
      })(),
    },
  };
  if (nodeEnv === 'production') checkProduction(config, env);
  return config;
}

function digestOf(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** A file, or the files of a folder (seal keys); nothing when it does not exist. */
function filesAt(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).map((name) => join(path, name)).filter((file) => statSync(file).isFile());
}

/** What the development key store holds: the digests of its files, and the dev token key's public JWK. */
function developmentKeys(store: string): { digests: Set<string>; tokenJwk: { x?: string; y?: string } | undefined } {
  const files = filesAt(store);
  const tokenKey = join(store, 'dev-token.pem');
  return {
    digests: new Set(files.map(digestOf)),
    tokenJwk: existsSync(tokenKey) ? (createPublicKey(readFileSync(tokenKey, 'utf8')).export({ format: 'jwk' }) as { x?: string; y?: string }) : undefined,
  };
}

/**
 * What a production hub must not run with: keys from the data dir's development key store
 * (created unasked, readable by anyone who can read the data dir, never rotated), and a database
 * role that logs in without a password. Each refusal names the setting to fix.
 */
function checkProduction(config: AppConfig, env: Env): void {
  const devKeyStore = resolve(config.dataDir, 'keys');
  const inDevStore = (path: string | undefined) => path !== undefined && (path === devKeyStore || path.startsWith(`${devKeyStore}/`));
  const keySettings: [string, string | undefined][] = [
    ['SHAREHUB_AUDIT_KEY_FILE', config.audit.keyFile],
    ['SHAREHUB_RECEIPT_KEY_FILE', config.exchange.receiptKeyFile],
    ['SHAREHUB_SEAL_KEY_DIR', config.certificates.sealKeyDir],
    ['SHAREHUB_JWKS_FILE', config.auth.jwksFile],
  ];
  for (const [name, path] of keySettings) {
    if (inDevStore(path)) {
      throw new ConfigError(name, `points into the development key store ${devKeyStore}: in production give keys made for it, kept outside the data dir (docs/operations.md)`);
    }
  }
  // A copy of a development key elsewhere is still a development key.
  const devKeys = developmentKeys(devKeyStore);
  for (const [name, path] of keySettings) {
    const copied = path && name !== 'SHAREHUB_JWKS_FILE' ? filesAt(path).find((file) => devKeys.digests.has(digestOf(file))) : undefined;
    if (copied) throw new ConfigError(name, `${copied} is a copy of a development key from ${devKeyStore}: in production give keys made for it (docs/operations.md)`);
  }
  if (config.auth.jwksFile && devKeys.tokenJwk && existsSync(config.auth.jwksFile)) {
    const { x, y } = devKeys.tokenJwk;
    const trusted = ((JSON.parse(readFileSync(config.auth.jwksFile, 'utf8')) as { keys?: { x?: string; y?: string }[] }).keys ?? []).some((key) => key.x === x && key.y === y);
    if (trusted) throw new ConfigError('SHAREHUB_JWKS_FILE', `trusts the development token key of ${devKeyStore} (npm run token signs with it): remove that key from the file`);
  }
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    // A password may also come from PGPASSWORD or a pgpass file, or a client certificate may log in.
    const hasCredential = url.password !== '' || !!env.PGPASSWORD || !!env.PGPASSFILE || url.searchParams.has('sslcert');
    if (!hasCredential) {
      throw new ConfigError('DATABASE_URL', 'has no password: in production the hub logs in as a role with a password (postgres://user:password@host:5432/db, or PGPASSWORD / PGPASSFILE)');
    }
  }
}
