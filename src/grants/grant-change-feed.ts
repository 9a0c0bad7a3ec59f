import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import type { EntityManager } from 'typeorm';
import { DATABASE_URL } from '../database/database.module.js';

const CHANNEL = 'sharehub_grants';
/** Payload meaning "forget everything" (sent after a reconnect, when notifications may have been missed). */
export const ALL_DEPARTMENTS = '*';

/**
 * Tells every hub process that a consumer department's grants changed, through PostgreSQL
 * LISTEN/NOTIFY. The notification is sent inside the changing transaction, so it is delivered
 * exactly when the change commits. While the listening connection is down, `live` is false and
 * the policy must not trust its cache.
 */
@Injectable()
export class GrantChangeFeed implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(GrantChangeFeed.name);
  private readonly listeners = new Set<(consumerDept: string) => void>();
  private client: pg.Client | undefined;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  live = false;

  constructor(@Inject(DATABASE_URL) private readonly url: string) {}

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.client?.end().catch(() => undefined);
  }

  subscribe(listener: (consumerDept: string) => void): void {
    this.listeners.add(listener);
  }

  /** Announces a change of `consumerDept`'s grants when `manager`'s transaction commits. */
  async publish(manager: EntityManager, consumerDept: string): Promise<void> {
    await manager.query('SELECT pg_notify($1, $2)', [CHANNEL, consumerDept]);
  }

  /** Tells this process's listeners at once (after the commit), not waiting for the notification's round trip. */
  announceHere(consumerDept: string): void {
    this.emit(consumerDept);
  }

  private emit(consumerDept: string): void {
    for (const listener of this.listeners) listener(consumerDept);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'sharehub-grant-feed' });
    client.on('notification', (message) => {
      if (message.channel === CHANNEL && message.payload) this.emit(message.payload);
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.client = client;
      this.live = true;
      // Anything may have changed while we were not listening.
      this.emit(ALL_DEPARTMENTS);
    } catch (error) {
      this.logger.warn(`grant change feed cannot listen yet: ${(error as Error).message}`);
      await client.end().catch(() => undefined);
      this.scheduleReconnect();
    }
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.live = false;
    if (!this.closed) this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, 1_000);
    this.retryTimer.unref();
  }
}
