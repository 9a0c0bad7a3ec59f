import { parentPort } from 'node:worker_threads';
import { EventRowHasher, hashRows } from './event-row-hasher.js';

/**
 * Worker thread of LeafHashPool (leaf-hash-pool.ts): hashes the blocks of COPY rows it is sent,
 * in the order sent, and transfers each result back.
 */
export interface HashRequest {
  id: number;
  rows: ArrayBuffer;
  count: number;
}

export type HashReply = { id: number; hashed: ArrayBuffer; count: number } | { id: number; error: string };

const hasher = new EventRowHasher();
parentPort?.on('message', ({ id, rows, count }: HashRequest) => {
  let reply: HashReply;
  try {
    const hashed = hashRows(Buffer.from(rows), count, hasher);
    reply = { id, hashed: hashed.buffer, count };
  } catch (error) {
    reply = { id, error: (error as Error)?.message ?? String(error) };
  }
  parentPort!.postMessage(reply, 'hashed' in reply ? [reply.hashed] : []);
});
