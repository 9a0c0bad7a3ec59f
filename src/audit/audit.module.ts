import { Inject, Injectable, Logger, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AlertRepository } from './alert.repository.js';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { AlertEvaluator } from './alerts.js';
import { AUDIT_KEYS } from './audit.constants.js';
import { loadAuditKeys, type AuditKeys } from './audit-keys.js';
import { AuditExportController } from './audit-export.controller.js';
import { AuditRepository } from './audit.repository.js';
import { AuditAlertResolver, AuditResolver } from './audit.resolver.js';
import { AUDIT_WRITER_OPTIONS, AuditWriter, type AuditWriterOptions } from './audit-writer.js';
import { Checkpointer } from './checkpointer.js';
import { ProofService } from './proofs.js';

const PARTITION_CHECK_MS = 6 * 60 * 60 * 1000;

/** Starts and stops the audit module's background work in the right order. */
@Injectable()
export class AuditLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditLog');
  private partitionTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AuditWriter) private readonly writer: AuditWriter,
    @Inject(Checkpointer) private readonly checkpoints: Checkpointer,
    @Inject(AlertEvaluator) private readonly alerts: AlertEvaluator,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Month partitions ahead (the current one and the next two); checked again every 6 hours.
    await this.dataSource.query('SELECT audit_ensure_partitions(2)');
    this.partitionTimer = setInterval(() => {
      this.dataSource.query('SELECT audit_ensure_partitions(2)').catch((error: unknown) => this.logger.error(`audit partitions not created: ${(error as Error).message}`));
    }, PARTITION_CHECK_MS);
    this.partitionTimer.unref();
    await this.checkpoints.registerKey();
    this.checkpoints.start(this.config.audit.checkpointIntervalMs);
    this.alerts.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.partitionTimer) clearInterval(this.partitionTimer);
    await this.writer.close();
    await this.checkpoints.stop();
    await this.alerts.stop();
    // A last checkpoint over what this process wrote.
    await this.checkpoints.signIfBehind().catch((error: unknown) => this.logger.warn(`final checkpoint not signed: ${(error as Error).message}`));
  }
}

/**
 * The audit log: Merkle checkpoints and proofs, auditor API, alerts. Exports AuditWriter (exchange,
 * grants, catalogue) and AUDIT_KEYS (the exchange puts the same subject reference into receipts).
 */
@Module({
  controllers: [AuditExportController],
  providers: [
    { provide: AUDIT_KEYS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => loadAuditKeys(config) },
    {
      provide: AUDIT_WRITER_OPTIONS,
      inject: [APP_CONFIG, AUDIT_KEYS],
      useFactory: (config: AppConfig, keys: AuditKeys): AuditWriterOptions => ({
        subjectHashSecret: keys.subjectHashSecret,
        batchWindowMs: config.audit.batchWindowMs,
        maxBatch: config.audit.maxBatch,
        maxBuffer: config.audit.maxBuffer,
        commitTimeoutMs: config.audit.commitTimeoutMs,
      }),
    },
    AuditWriter,
    AuditRepository,
    AlertRepository,
    { provide: Checkpointer, inject: [DataSource, AUDIT_KEYS], useFactory: (dataSource: DataSource, keys: AuditKeys) => new Checkpointer(dataSource, keys.checkpointKey) },
    { provide: ProofService, inject: [AuditRepository, Checkpointer], useFactory: (events: AuditRepository, checkpoints: Checkpointer) => new ProofService(events, checkpoints) },
    { provide: AlertEvaluator, inject: [DataSource, APP_CONFIG], useFactory: (dataSource: DataSource, config: AppConfig) => new AlertEvaluator(dataSource, config.audit.alerts) },
    AuditLifecycle,
    AuditResolver,
    AuditAlertResolver,
  ],
  exports: [AuditWriter, AUDIT_KEYS, AlertRepository],
})
export class AuditModule {}
