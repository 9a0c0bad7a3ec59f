import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What the readiness check asks the database. */
@Injectable()
export class HealthRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Resolves when the database answers; rejects when it cannot be reached. */
  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  /** Whether a migration of this build is not applied yet. */
  migrationsPending(): Promise<boolean> {
    return this.dataSource.showMigrations();
  }
}
