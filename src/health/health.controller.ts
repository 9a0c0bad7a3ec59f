import { Public } from '../auth/decorators.js';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';

@Public()
@Controller()
export class HealthController {
  /** Once all migrations are seen applied, later checks only ping the database. */
  private migrationsApplied = false;

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** The process is alive and serving HTTP. */
  @Get('healthz')
  health() {
    return { status: 'ok' };
  }

  /** The database is reachable and every migration is applied; 503 otherwise. */
  @Get('readyz')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    try {
      await this.dataSource.query('SELECT 1');
      if (!this.migrationsApplied) this.migrationsApplied = !(await this.dataSource.showMigrations());
      if (!this.migrationsApplied) {
        reply.status(503);
        return { status: 'unavailable', reason: 'migrations pending' };
      }
      return { status: 'ready' };
    } catch {
      reply.status(503);
      return { status: 'unavailable', reason: 'database unreachable' };
    }
  }
}
