import type { QueryRunner } from 'typeorm';

/** Any fixed 64-bit key; every hub process takes it so only one applies migrations at a time. */
const MIGRATION_LOCK_KEY = 4_815_162_342;

/** The session-level advisory lock that serialises migrations across hub processes (held until unlocked or the connection ends). */
export async function lockMigrations(runner: QueryRunner): Promise<void> {
  await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
}

export async function unlockMigrations(runner: QueryRunner): Promise<void> {
  await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
}
