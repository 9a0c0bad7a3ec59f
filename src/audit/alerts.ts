import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AuditAlertConfig } from '../config/config.js';
import { AlertRepository } from './alert.repository.js';
import { withConnection } from './pg-connection.js';

/** Most new events one round looks at; the next round goes on from there. */
const ROUND_LIMIT = 50_000;

/**
 * The alert rules. Each round (every `intervalMs`, in whichever hub process locks the cursor
 * row first) takes the events committed since the last round, finds the windows they fall in
 * (principal × clock hour, principal × day, subject × day, principal × N minutes) and
 * re-counts those windows over the whole log, so alerts are exact however events were spread
 * over processes and rounds. An alert is one row per rule and window, updated as it grows
 * (the rules' SQL: alert.repository.ts).
 */
export class AlertEvaluator {
  private readonly logger = new Logger('AuditAlerts');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AuditAlertConfig,
    private readonly alerts: AlertRepository = new AlertRepository(dataSource),
  ) {}

  start(): void {
    if (this.config.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.running = this.runOnce().catch((error: unknown) => this.logger.warn(`alert rules not evaluated: ${(error as Error).message}`));
    }, this.config.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One round; returns how many events it covered (0 when another process holds the round). */
  async runOnce(): Promise<number> {
    return withConnection(this.dataSource, async (client) => {
      await client.query('BEGIN');
      try {
        const cursor = await this.alerts.lockCursor(client);
        if (!cursor) {
          await client.query('COMMIT');
          return 0;
        }
        const from = cursor.evaluatedTo;
        const to = Math.min(cursor.treeSize, from + ROUND_LIMIT);
        if (to > from) {
          await this.alerts.evaluate(client, from, to, this.config);
          await this.alerts.advanceCursor(client, to);
        }
        await client.query('COMMIT');
        return to - from;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  /** Runs rounds until every committed event was looked at (tests, shutdown). */
  async catchUp(): Promise<void> {
    while ((await this.runOnce()) > 0);
  }
}
