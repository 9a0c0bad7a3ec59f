import { pino, type Logger } from 'pino';
import type { AppConfig } from '../config/config.js';

/**
 * The hub's one pino logger: JSON lines on stdout. No per-request child loggers and no
 * AsyncLocalStorage: lines written while serving a request name its id explicitly
 * (`requestId`), which costs nothing on the requests that log nothing but their access line.
 */
export function createRootLogger(config: Pick<AppConfig, 'logLevel'>): Logger {
  return pino({ level: config.logLevel });
}

export type { Logger };
