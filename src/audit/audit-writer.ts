import { randomUUID } from 'node:crypto';
import { finished } from 'node:stream/promises';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { AuditUnavailableError, BadInputError } from '../common/errors.js';
import { normalizeSubjectId, subjectMask, type SubjectHasher } from './audit-keys.js';
import { copyEventsIn } from './audit.repository.js';
import { assembleCanonical, canonicalTail, DATA_ACCESS_KINDS, OUTCOMES, type DataAccessKind, type Outcome, type StoredEvent } from './canonical.js';
import { copyLine, copyTail } from './copy-text.js';
import { CompactRange, leafHash, STORED_LEVEL_STEP, type TreeNode } from './merkle.js';
import { withConnection } from './pg-connection.js';
import { openBatchLockingHead, storeNodesAndMoveHead } from './tree.repository.js';

export type AuditEventInput =
  | {
      kind: DataAccessKind;
      requestId: string;
      principal: Principal;
      purpose: { caseNo: string; matter: string; reason?: string; legalBasis?: string };
      /** The raw identifier: the writer stores only its keyed hash and masked form. */
      subject: { type: 'PERSON' | 'LEGAL_ENTITY'; id: string } | null;
      itemsRequested: string[];
      itemsReleased: string[];
      itemsDenied: { itemCode: string; reason: string }[];
      resources: string[];
      sources: string[];
      outcome: Outcome;
      errorCode?: string;
      latencyMs: number;
      receiptHash?: string;
    }
  | {
      kind: 'ADMIN';
      /** e.g. CATALOG_PUBLISH, APPLY, REVIEW, GRANT, REVOKE, DEPARTMENT_ENABLE, KEY_ROTATE */
      action: string;
      requestId: string;
      principal: Principal;
      target: string;
      reason?: string;
      details?: Record<string, unknown>;
    };

export interface RecordedEvent {
  id: string;
  leafIndex: number;
}

export interface AuditWriterOptions {
  /** Makes subject references (the current generation of the subject-hash key). */
  subjects: Pick<SubjectHasher, 'hash'>;
  /** How long the first event of a batch waits for others (ms). */
  batchWindowMs: number;
  /** Most events in one transaction. */
  maxBatch: number;
  /** Most events queued or in flight; beyond it record() fails at once. */
  maxBuffer: number;
  /** Lock wait and statement limit of a batch transaction (ms). */
  commitTimeoutMs: number;
}

export const AUDIT_WRITER_OPTIONS = Symbol('AUDIT_WRITER_OPTIONS');

/**
 * An event ready to store: its canonical serialisation and its COPY row without leaf index, id
 * and time (prepare() fills both in outside the lock); the commit fills in leafIndex and recordedAt.
 */
type Draft = StoredEvent & { canonicalTail: string; copyTail: string };

const PENDING = new Date(0);

interface Pending {
  draft: Draft;
  resolve: (value: RecordedEvent) => void;
  reject: (error: unknown) => void;
}

const MAX_TEXT = 2000;
const MAX_CODE = 200;
const MAX_LIST = 10_000;
const MAX_DETAILS_BYTES = 32 * 1024;

/**
 * The one way into the audit log. `record()` resolves only after the event is committed
 * (synchronous_commit on); events of concurrent requests are group-committed: buffered for up
 * to `batchWindowMs` (or until `maxBatch`), then inserted with one COPY in one transaction that
 * also takes the next leaf indexes from the head row and extends the Merkle tree. While one
 * batch commits, the next one fills. If a commit fails, every caller of that batch gets
 * AUDIT_UNAVAILABLE; when `maxBuffer` events are already waiting, new ones fail at once.
 */
@Injectable()
export class AuditWriter implements BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditWriter');
  private queue: Pending[] = [];
  private inFlight = 0;
  private flushing = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;
  /** Counters for tests, metrics and the bench. */
  readonly stats = { batches: 0, events: 0, failedBatches: 0, rejectedFull: 0 };

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AUDIT_WRITER_OPTIONS) private readonly options: AuditWriterOptions,
  ) {}

  /** Resolves with the event's id and leaf index once it is durably committed; rejects AuditUnavailableError otherwise. */
  record(event: AuditEventInput): Promise<RecordedEvent> {
    let draft: Draft;
    try {
      draft = this.prepare(event);
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.closed) return Promise.reject(new AuditUnavailableError(new Error('the audit writer is shut down')));
    if (this.queue.length + this.inFlight >= this.options.maxBuffer) {
      this.stats.rejectedFull += 1;
      return Promise.reject(new AuditUnavailableError(new Error(`audit buffer full (${this.options.maxBuffer} events waiting)`)));
    }
    return new Promise<RecordedEvent>((resolve, reject) => {
      if (this.queue.length === 0 && this.inFlight === 0) this.idle = new Promise((done) => (this.markIdle = done));
      this.queue.push({ draft, resolve, reject });
      this.schedule();
    });
  }

  /** Events queued or being committed. */
  get pending(): number {
    return this.queue.length + this.inFlight;
  }

  /** Waits until everything recorded so far has been committed (or failed). */
  async drain(): Promise<void> {
    if (this.pending === 0) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      void this.flush();
    }
    await this.idle;
  }

  /** Stops taking events and commits what is queued (the app closes after its HTTP server). */
  async close(): Promise<void> {
    this.closed = true;
    await this.drain();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.close();
  }

  private schedule(): void {
    if (this.flushing) return; // the running flush loop takes the queue when its batch is done
    if (this.queue.length >= this.options.maxBatch || this.options.batchWindowMs === 0) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      void this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.options.batchWindowMs);
    }
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    // Callers of a committed batch are answered once the next batch's insert is on its way (or
    // at once when nothing waits), so their follow-up work overlaps with that insert. Only then
    // in slices (see ANSWER_SLICE): with no insert of this process in flight, all at once, so
    // that their next events make one full batch rather than whatever the window timer finds.
    let answerCommitted: ((sliced: boolean) => void) | undefined;
    const answer = (sliced = false) => {
      answerCommitted?.(sliced);
      answerCommitted = undefined;
    };
    try {
      // Events that arrived while a batch committed have waited long enough: go on at once.
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.options.maxBatch);
        this.inFlight += batch.length;
        try {
          const ids = await this.commit(
            batch.map((pending) => pending.draft),
            () => answer(true),
          );
          answer();
          this.stats.batches += 1;
          this.stats.events += batch.length;
          answerCommitted = (sliced) => {
            this.inFlight -= batch.length;
            if (sliced) answerInSlices(batch, ids);
            else batch.forEach((pending, i) => pending.resolve(ids[i]));
          };
        } catch (error) {
          answer();
          this.stats.failedBatches += 1;
          this.logger.error(`audit batch of ${batch.length} events not committed: ${(error as Error)?.message ?? String(error)}`);
          this.inFlight -= batch.length;
          for (const pending of batch) pending.reject(new AuditUnavailableError(error));
        }
      }
    } finally {
      answer();
      this.flushing = false;
      if (this.queue.length === 0 && this.inFlight === 0) this.markIdle();
    }
  }

  /** One transaction: lock the head row, number and hash the batch, COPY it in, store the tree nodes, move the head. */
  private async commit(drafts: Draft[], insertSent: () => void = () => undefined): Promise<RecordedEvent[]> {
    return withConnection(this.dataSource, async (client) => {
      const head = await openBatchLockingHead(client, this.options.commitTimeoutMs);
      try {
        const size = head.treeSize;
        const range = CompactRange.fromBytes(size, head.frontier);
        const nodes: TreeNode[] = [];
        const lines: string[] = [];
        drafts.forEach((event, i) => {
          event.leafIndex = size + i;
          event.recordedAt = head.at;
          const hash = leafHash(assembleCanonical(event.leafIndex, event.id, event.recordedAt, event.canonicalTail));
          lines.push(copyLine(event.leafIndex, event.id, event.recordedAt, event.copyTail, hash));
          range.append(hash, (node) => {
            if (node.level % STORED_LEVEL_STEP === 0) nodes.push(node);
          });
        });
        const copy = copyEventsIn(client);
        copy.end(lines.join(''));
        insertSent();
        await finished(copy);
        if (copy.rowCount !== drafts.length) throw new Error(`inserted ${copy.rowCount} of ${drafts.length} audit events`);
        await storeNodesAndMoveHead(client, nodes, { treeSize: range.size, rootHash: range.root(), frontier: range.toBytes(), at: head.at });
        const committed = await client.query('COMMIT');
        // A transaction that failed answers COMMIT with ROLLBACK instead of an error.
        if ((committed as unknown as { command?: string }).command !== 'COMMIT') throw new Error('audit batch transaction was rolled back');
        return drafts.map((draft, i) => ({ id: draft.id, leafIndex: size + i }));
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  /** Validates and normalises an input into the stored form, and serialises all it can before the lock. */
  private prepare(event: AuditEventInput): Draft {
    const draft = this.normalise(event);
    draft.canonicalTail = canonicalTail(draft);
    draft.copyTail = copyTail(draft);
    return draft;
  }

  /** Validates and normalises an input into the stored form (no raw subject identifier). */
  private normalise(event: AuditEventInput): Draft {
    if (!event || typeof event !== 'object') throw new BadInputError('audit event: must be an object', 'event');
    const principal = event.principal;
    if (!principal || typeof principal !== 'object') throw new BadInputError('principal: is required', 'principal');
    // Plain object literals with every field (no spread): V8 keeps them fast (a spread followed
    // by many fields makes dictionary-mode objects, ten times slower to build and hash).
    const id = randomUUID();
    const requestId = text(event.requestId, 'requestId', MAX_CODE, true)!;
    const consumerDept = text(principal.dept, 'principal.dept', MAX_CODE, true)!;
    const principalSub = text(principal.sub, 'principal.sub', MAX_CODE, true)!;
    const principalName = text(principal.name, 'principal.name', MAX_CODE, false);
    const tokenId = text(principal.tokenId, 'principal.tokenId', MAX_CODE, false);
    if (event.kind === 'ADMIN') {
      let details: unknown = null;
      if (event.details !== undefined && event.details !== null) {
        const json = JSON.stringify(event.details, cleanJsonValue);
        if (json === undefined || Buffer.byteLength(json) > MAX_DETAILS_BYTES) {
          throw new BadInputError(`details: must be a JSON object of at most ${MAX_DETAILS_BYTES} bytes`, 'details');
        }
        details = JSON.parse(json);
      }
      return {
        leafIndex: -1,
        id,
        recordedAt: PENDING,
        requestId,
        consumerDept,
        principalSub,
        principalName,
        tokenId,
        kind: 'ADMIN',
        action: code(event.action, 'action'),
        caseNo: null,
        matter: null,
        reason: text(event.reason, 'reason', MAX_TEXT, false),
        legalBasis: null,
        subjectType: null,
        subjectHash: null,
        subjectMasked: null,
        itemsRequested: [],
        itemsReleased: [],
        itemsDenied: [],
        resources: [],
        sources: [],
        outcome: null,
        errorCode: null,
        latencyMs: null,
        receiptHash: null,
        target: text(event.target, 'target', MAX_TEXT, true),
        details,
        canonicalTail: '',
        copyTail: '',
      };
    }
    if (!(DATA_ACCESS_KINDS as readonly string[]).includes(event.kind)) throw new BadInputError(`kind: unknown audit event kind ${String(event.kind)}`, 'kind');
    if (!(OUTCOMES as readonly string[]).includes(event.outcome)) throw new BadInputError(`outcome: must be one of ${OUTCOMES.join(', ')}`, 'outcome');
    const purpose = event.purpose ?? ({} as Partial<typeof event.purpose>);
    let subjectType: StoredEvent['subjectType'] = null;
    let subjectRef: string | null = null;
    let subjectMasked: string | null = null;
    if (event.subject) {
      const type = event.subject.type;
      if (type !== 'PERSON' && type !== 'LEGAL_ENTITY') throw new BadInputError('subject.type: must be PERSON or LEGAL_ENTITY', 'subject.type');
      const subjectId = normalizeSubjectId(type, text(event.subject.id, 'subject.id', 64, true)!);
      subjectType = type;
      subjectRef = this.options.subjects.hash(type, subjectId);
      subjectMasked = subjectMask(type, subjectId);
    }
    const latency = Number(event.latencyMs);
    if (!Number.isFinite(latency) || latency < 0) throw new BadInputError('latencyMs: must be a number ≥ 0', 'latencyMs');
    return {
      leafIndex: -1,
      id,
      recordedAt: PENDING,
      requestId,
      consumerDept,
      principalSub,
      principalName,
      tokenId,
      kind: event.kind,
      action: null,
      caseNo: text(purpose.caseNo, 'purpose.caseNo', MAX_CODE, true),
      matter: text(purpose.matter, 'purpose.matter', MAX_TEXT, true),
      reason: text(purpose.reason, 'purpose.reason', MAX_TEXT, false),
      legalBasis: text(purpose.legalBasis, 'purpose.legalBasis', MAX_TEXT, false),
      subjectType,
      subjectHash: subjectRef,
      subjectMasked,
      itemsRequested: list(event.itemsRequested, 'itemsRequested'),
      itemsReleased: list(event.itemsReleased, 'itemsReleased'),
      itemsDenied: (Array.isArray(event.itemsDenied) ? event.itemsDenied : []).map((denied, i) => ({
        itemCode: text(denied?.itemCode, `itemsDenied[${i}].itemCode`, MAX_CODE, true)!,
        reason: text(denied?.reason, `itemsDenied[${i}].reason`, MAX_TEXT, true)!,
      })),
      resources: list(event.resources, 'resources'),
      sources: list(event.sources, 'sources'),
      outcome: event.outcome,
      errorCode: text(event.errorCode, 'errorCode', MAX_CODE, false),
      latencyMs: Math.min(Math.round(latency), 2_147_483_647),
      receiptHash: text(event.receiptHash, 'receiptHash', MAX_CODE, false),
      target: null,
      details: null,
      canonicalTail: '',
      copyTail: '',
    };
  }
}

/**
 * Callers answered per event-loop turn while this process's next batch is being inserted.
 * Answering a whole batch at once runs a thousand requests' follow-up work (and, in the bench,
 * their next events) before this process reads its socket again, so that insert's result and
 * the COMMIT waited behind it. In slices the audit chain goes on between them (bench, paired
 * runs: 19.0–19.2k → 22.3–23.0k events/s; the gap between batches 3 → 0.3 ms, the COPY as this
 * process sees it 36 → 27 ms).
 */
const ANSWER_SLICE = 100;

function answerInSlices(batch: Pending[], ids: RecordedEvent[], from = 0): void {
  const end = Math.min(batch.length, from + ANSWER_SLICE);
  for (let i = from; i < end; i++) batch[i].resolve(ids[i]);
  if (end < batch.length) setImmediate(answerInSlices, batch, ids, end);
}

/** Text PostgreSQL stores exactly as given: no NUL, no unpaired surrogates (they would change on the way in). */
function clean(value: string): string {
  // Almost every string holds neither: one scan decides (two replacements per field were a tenth of record()).
  if (!NUL_OR_SURROGATE.test(value)) return value;
  return value.replaceAll('\u0000', '\uFFFD').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const NUL_OR_SURROGATE = /[\u0000\uD800-\uDFFF]/;

/**
 * JSON.stringify replacer for `details`: cleans strings, and object keys too (jsonb refuses
 * \u0000 and lone surrogates in keys as in values, and canonical JSON refuses lone surrogates).
 */
function cleanJsonValue(_key: string, value: unknown): unknown {
  if (typeof value === 'string') return clean(value);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (!keys.some((key) => NUL_OR_SURROGATE.test(key))) return value;
  return Object.fromEntries(keys.map((key) => [clean(key), (value as Record<string, unknown>)[key]]));
}

function text(value: unknown, field: string, max: number, required: boolean): string | null {
  if (value === undefined || value === null || value === '') {
    if (required) throw new BadInputError(`${field}: is required`, field);
    return null;
  }
  if (typeof value !== 'string') throw new BadInputError(`${field}: must be a string`, field);
  if (value.length > max) throw new BadInputError(`${field}: at most ${max} characters`, field);
  return clean(value);
}

function code(value: unknown, field: string): string {
  const result = text(value, field, 100, true)!;
  if (!/^[A-Z][A-Z0-9_]*$/.test(result)) throw new BadInputError(`${field}: must be an UPPER_SNAKE_CASE code`, field);
  return result;
}

function list(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > MAX_LIST) throw new BadInputError(`${field}: must be a list of at most ${MAX_LIST} codes`, field);
  return value.map((entry, i) => text(entry, `${field}[${i}]`, MAX_CODE, true)!);
}
