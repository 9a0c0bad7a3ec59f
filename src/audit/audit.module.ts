import { Inject, Injectable, Logger, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { AlertRepository } from './alert.repository.js';
import { AlertEvaluator } from './alerts.js';
import { AUDIT_KEYS } from './audit.constants.js';
import { SubjectHasher, type AuditKeys } from './audit-keys.js';
import { HubKeys } from '../keys/hub-keys.js';
import { HubJwksController } from './hub-jwks.controller.js';
import { HubKeysResolver } from './hub-keys.resolver.js';
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
    @Inject(AuditRepository) private readonly events: AuditRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AuditWriter) private readonly writer: AuditWriter,
    @Inject(Checkpointer) private readonly checkpoints: Checkpointer,
    @Inject(AlertEvaluator) private readonly alerts: AlertEvaluator,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Month partitions ahead (the current one and the next two); checked again every 6 hours.
    await this.events.ensurePartitions(2);
    this.partitionTimer = setInterval(() => {
      this.events.ensurePartitions(2).catch((error: unknown) => this.logger.error(`audit partitions not created: ${(error as Error).message}`));
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
  controllers: [AuditExportController, HubJwksController],
  providers: [
    { provide: AUDIT_KEYS, inject: [HubKeys], useFactory: async (keys: HubKeys): Promise<AuditKeys> => ({ subjects: await SubjectHasher.load(keys) }) },
    {
      provide: AUDIT_WRITER_OPTIONS,
      inject: [APP_CONFIG, AUDIT_KEYS],
      useFactory: (config: AppConfig, keys: AuditKeys): AuditWriterOptions => ({
        subjects: keys.subjects,
        batchWindowMs: config.audit.batchWindowMs,
        maxBatch: config.audit.maxBatch,
        maxBuffer: config.audit.maxBuffer,
        commitTimeoutMs: config.audit.commitTimeoutMs,
      }),
    },
    AuditWriter,
    AuditRepository,
    AlertRepository,
    { provide: Checkpointer, inject: [DataSource, HubKeys], useFactory: (dataSource: DataSource, keys: HubKeys) => new Checkpointer(dataSource, keys) },
    { provide: ProofService, inject: [AuditRepository, Checkpointer], useFactory: (events: AuditRepository, checkpoints: Checkpointer) => new ProofService(events, checkpoints) },
    AlertRepository,
    {
      provide: AlertEvaluator,
      inject: [DataSource, APP_CONFIG, AlertRepository],
      useFactory: (dataSource: DataSource, config: AppConfig, alerts: AlertRepository) => new AlertEvaluator(dataSource, { ...config.audit.alerts, holidays: config.grants.holidays }, alerts),
    },
    AuditLifecycle,
    AuditResolver,
    AuditAlertResolver,
    HubKeysResolver,
  ],
  exports: [AuditWriter, AUDIT_KEYS, AlertRepository],
})
export class AuditModule {}
