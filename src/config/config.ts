import { resolve } from 'node:path';

/** The hub's whole configuration, read once from the environment and validated at start. */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** External PostgreSQL; when absent the hub starts an embedded server under `dataDir/pg`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Port of the embedded PostgreSQL (only used without DATABASE_URL). */
  embeddedPgPort: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** GraphQL introspection: on in development, off by default in production. */
  introspection: boolean;
  dbPoolSize: number;
  /** Largest accepted request body, in bytes (GraphQL documents plus variables). */
  bodyLimitBytes: number;
  graphql: GraphqlLimits;
}

export interface GraphqlLimits {
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
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

/** Builds the typed configuration; throws ConfigError on the first bad variable. */
export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = readEnum(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  return {
    nodeEnv,
    host: readHost(env),
    port: readInt(env, 'PORT', 3000, 0, 65535),
    databaseUrl: readDatabaseUrl(env),
    dataDir: resolve(env.SHAREHUB_DATA_DIR || './.sharehub'),
    embeddedPgPort: readInt(env, 'SHAREHUB_EMBEDDED_PG_PORT', 54329, 1024, 65535),
    logLevel: readEnum(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    introspection: readBool(env, 'GRAPHQL_INTROSPECTION', nodeEnv !== 'production'),
    dbPoolSize: readInt(env, 'DB_POOL_SIZE', 20, 1, 500),
    bodyLimitBytes: readInt(env, 'BODY_LIMIT_BYTES', 256 * 1024, 1024, 64 * 1024 * 1024),
    graphql: {
      maxDepth: readInt(env, 'GRAPHQL_MAX_DEPTH', 10, 1, 100),
      maxAliases: readInt(env, 'GRAPHQL_MAX_ALIASES', 15, 0, 1000),
      maxRootFields: readInt(env, 'GRAPHQL_MAX_ROOT_FIELDS', 10, 1, 1000),
      maxDirectives: readInt(env, 'GRAPHQL_MAX_DIRECTIVES', 20, 0, 1000),
      maxTokens: readInt(env, 'GRAPHQL_MAX_TOKENS', 2000, 10, 100000),
      maxCost: readInt(env, 'GRAPHQL_MAX_COST', 5000, 10, 1000000),
    },
  };
}
