import { Public } from '../auth/decorators.js';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { HealthRepository } from './health.repository.js';

@Public()
@Controller()
export class HealthController {
  /** Once all migrations are seen applied, later checks only ping the database. */
  private migrationsApplied = false;

  constructor(@Inject(HealthRepository) private readonly database: HealthRepository) {}

  /** The process is alive and serving HTTP. */
  @Get('healthz')
  health() {
    return { status: 'ok' };
  }

  /** The database is reachable and every migration is applied; 503 otherwise. */
  @Get('readyz')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    try {
      await this.database.ping();
      if (!this.migrationsApplied) this.migrationsApplied = !(await this.database.migrationsPending());
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
