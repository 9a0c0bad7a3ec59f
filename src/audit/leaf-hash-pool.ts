import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { EventRowHasher, hashRows, HashedRows } from './event-row-hasher.js';
import type { HashReply, HashRequest } from './leaf-hash-worker.js';

/** Where the verifier's blocks of rows are hashed: in this thread, or spread over worker threads. */
export interface LeafHashing {
  /** The hashes of a block (whole binary COPY rows); blocks handed to a worker pool are transferred. */
  hash(rows: Buffer, count: number): Promise<HashedRows>;
  /** How many blocks may be waiting for their hashes before the caller should take results. */
  readonly depth: number;
  close(): Promise<void>;
}

/** Hashing in the calling thread: each promise is settled at once. */
export function inlineHashing(): LeafHashing {
  const hasher = new EventRowHasher();
  return {
    hash: async (rows, count) => hashRows(rows, count, hasher),
    depth: 0,
    close: async () => undefined,
  };
}

/** Worker threads for a verification of this many events: none for a small log, where starting them costs more than they save. */
export function defaultHashWorkers(events: number): number {
  return events < 50_000 ? 0 : Math.max(1, Math.min(4, availableParallelism()));
}

/**
 * Leaf hashing (canonical form + SHA-256, most of the verifier's CPU time) on `size` worker
 * threads, so that it runs on the other cores while this thread reads from PostgreSQL and
 * computes the Merkle tree. Blocks go round-robin and each worker answers in the order it was
 * sent, so results can be taken in order; the caller awaits them in order.
 */
export class LeafHashPool implements LeafHashing {
  private readonly waiting = new Map<number, { resolve: (rows: HashedRows) => void; reject: (error: Error) => void }>();
  private sent = 0;
  private failure: Error | undefined;

  private constructor(private readonly workers: Worker[]) {
    for (const worker of workers) {
      worker.on('message', (reply: HashReply) => this.settle(reply));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => this.fail(new Error(`a leaf hash worker stopped (exit code ${code})`)));
    }
  }

  static start(size: number): LeafHashPool {
    return new LeafHashPool(Array.from({ length: size }, () => new Worker(workerScript())));
  }

  get depth(): number {
    return this.workers.length * 2;
  }

  hash(rows: Buffer, count: number): Promise<HashedRows> {
    if (this.failure) return Promise.reject(this.failure);
    if (rows.byteOffset !== 0 || rows.byteLength !== rows.buffer.byteLength) throw new Error('a block sent to a worker must own its ArrayBuffer');
    const id = this.sent++;
    const request: HashRequest = { id, rows: rows.buffer as ArrayBuffer, count };
    const result = new Promise<HashedRows>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.workers[id % this.workers.length].postMessage(request, [request.rows]);
    return result;
  }

  async close(): Promise<void> {
    this.failure ??= new Error('the leaf hash pool was closed');
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private settle(reply: HashReply): void {
    const waiter = this.waiting.get(reply.id);
    if (!waiter) return;
    this.waiting.delete(reply.id);
    if ('error' in reply) waiter.reject(new Error(reply.error));
    else waiter.resolve(new HashedRows(reply.count, reply.hashed));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(this.failure);
    this.waiting.clear();
  }
}

/** The built worker script; under Jest this module is the TypeScript source, so use the built copy beside dist/. */
function workerScript(): URL {
  const self = fileURLToPath(import.meta.url);
  return self.endsWith('.ts') ? new URL('../../dist/src/audit/leaf-hash-worker.js', import.meta.url) : new URL('./leaf-hash-worker.js', import.meta.url);
}
