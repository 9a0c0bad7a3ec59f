import type { Readable } from 'node:stream';
import { copyEventsOut, type LeafRange } from './audit.repository.js';
import { CopyRowSplitter } from './copy-binary.js';
import { EVENT_COPY_FIELDS } from './event-row-hasher.js';
import type { Queryable } from './pg-connection.js';

export type { LeafRange } from './audit.repository.js';

/**
 * Reads every `audit_event` row of `ranges` and hands them to `onRows` in runs of whole rows
 * (binary COPY rows of EVENT_COPY_COLUMNS; a run is only valid during the call): ranges in the
 * order given, rows in (leaf_index, recorded_at) order within a range. Each range is one binary
 * COPY (see copy-binary.ts for why). The range being consumed streams: its rows are handed out
 * chunk by chunk as they arrive, so PostgreSQL produces the rest while this process hashes. The
 * next ranges are already requested, round-robin over `readers` (connections in one snapshot),
 * and collect their chunks in memory until their turn: at most one range per reader besides the
 * current one.
 */
export async function scanEvents(readers: Queryable[], ranges: readonly LeafRange[], onRows: (rows: Buffer, count: number) => void): Promise<void> {
  const requested: CopyFeed[] = [];
  let next = 0;
  const request = () => {
    while (next < ranges.length && requested.length <= readers.length) {
      const reader = readers[next % readers.length];
      requested.push(new CopyFeed(copyEventsOut(reader, ranges[next])));
      next += 1;
    }
  };
  try {
    request();
    while (requested.length) {
      const feed = requested[0];
      const splitter = new CopyRowSplitter(EVENT_COPY_FIELDS, onRows);
      for (let chunk = await feed.next(); chunk; chunk = await feed.next()) splitter.push(chunk);
      splitter.end();
      requested.shift();
      request();
    }
  } finally {
    // After a failure, COPYs still running go on into their feeds (and are dropped): each
    // connection stays usable for the caller's ROLLBACK, which node-postgres queues behind them.
    for (const feed of requested) feed.discard();
  }
}

/**
 * A COPY not yet consumed holds at most about this much in memory: then its stream is paused, so
 * PostgreSQL waits (a range is far smaller, unless a caller asks for huge ones).
 */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

/** The chunks of one COPY as they arrive, read in order with next(); an error is thrown at the reader's turn. */
class CopyFeed {
  private chunks: Buffer[] = [];
  private read = 0;
  private bufferedBytes = 0;
  private paused = false;
  private ended = false;
  private failed = false;
  private failure: unknown;
  private discarded = false;
  private wake: (() => void) | undefined;

  constructor(private readonly stream: Readable) {
    stream.on('data', (chunk: Buffer) => {
      if (this.discarded) return;
      this.chunks.push(chunk);
      this.bufferedBytes += chunk.length;
      if (this.bufferedBytes >= MAX_BUFFERED_BYTES && !this.paused) {
        this.paused = true;
        stream.pause();
      }
      this.notify();
    });
    stream.on('end', () => {
      this.ended = true;
      this.notify();
    });
    stream.on('error', (error: unknown) => {
      this.failed = true;
      this.failure = error;
      this.notify();
    });
  }

  /** The next chunk, or undefined when the COPY has ended. */
  async next(): Promise<Buffer | undefined> {
    while (this.read === this.chunks.length && !this.ended && !this.failed) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    if (this.failed) throw this.failure;
    if (this.read === this.chunks.length) return undefined;
    const chunk = this.chunks[this.read];
    this.chunks[this.read++] = EMPTY;
    if (this.read === this.chunks.length) {
      this.chunks = [];
      this.read = 0;
    }
    this.bufferedBytes -= chunk.length;
    if (this.paused && this.bufferedBytes < MAX_BUFFERED_BYTES / 2) {
      this.paused = false;
      this.stream.resume();
    }
    return chunk;
  }

  /** Drops what arrived and whatever still arrives (the COPY runs to its end, so that the connection is free again). */
  discard(): void {
    this.discarded = true;
    this.chunks = [];
    this.read = 0;
    if (this.paused) this.stream.resume();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

const EMPTY = Buffer.alloc(0);
