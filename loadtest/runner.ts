import type { HubClient } from './client.js';
import type { Replica } from './cluster.js';
import type { Operation, Picker, Released } from './scenario.js';

/** One request the harness sent and what came back. */
export interface Outcome {
  id: string;
  op: string;
  replica: string;
  consumer: string;
  /** Milliseconds since the run started. */
  sentAt: number;
  receivedAt: number;
  status: number;
  errorCode?: string;
  released: Released[];
  sourceFailures: number;
  /** Answered in full: HTTP 200, no error, no failing source. */
  ok: boolean;
}

export interface Tokens {
  consumer: { dept: string; token: string }[];
  'revoked-consumer': { dept: string; token: string }[];
  auditor: { dept: string; token: string }[];
}

/**
 * Virtual users, each sending one request after another (a closed loop, like service windows),
 * spread round-robin over the replicas; every request has a unique `x-request-id` and every
 * response is kept for the checks.
 */
export class LoadRunner {
  readonly outcomes: Outcome[] = [];
  private sequence = 0;
  private stopping = false;
  private readonly totalWeight: number;

  constructor(
    private readonly client: HubClient,
    private readonly replicas: Replica[],
    private readonly operations: Operation[],
    private readonly tokens: Tokens,
    private readonly pick: Picker,
    private readonly random: () => number,
    private readonly runId: string,
    private readonly startedAt: number,
  ) {
    this.totalWeight = operations.reduce((sum, op) => sum + op.weight, 0);
  }

  /** Runs until stop() or `maxRequests` were sent; resolves when every user's last request is answered. */
  async run(concurrency: number, maxRequests: number): Promise<void> {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (!this.stopping && this.sequence < maxRequests) await this.once();
      }),
    );
  }

  stop(): void {
    this.stopping = true;
  }

  /** Milliseconds since the run started. */
  now(): number {
    return performance.now() - this.startedAt;
  }

  private async once(): Promise<void> {
    const sequence = this.sequence++;
    const operation = this.chooseOperation();
    const replica = operation.replica ? this.replicas.find((r) => r.name === operation.replica)! : this.replicas[sequence % this.replicas.length];
    const identities = this.tokens[operation.as];
    const identity = identities[Math.floor(this.random() * identities.length)];
    const id = `${this.runId}-${sequence}`;
    const { query, variables } = operation.request(this.pick);
    const sentAt = this.now();
    const reply = await this.client.graphql(replica.url, identity.token, id, query, variables);
    const receivedAt = this.now();
    // Read whatever data came back, also next to an error: a release the harness did not expect
    // must still be checked against the audit log.
    let reading = { released: [] as Released[], sourceFailures: 0 };
    let readError: string | undefined;
    if (reply.data) {
      try {
        reading = operation.read(reply.data, id);
      } catch {
        readError = 'UNREADABLE_DATA';
      }
    }
    const errorCode = reply.errorCode ?? readError;
    this.outcomes.push({
      id,
      op: operation.name,
      replica: replica.name,
      consumer: identity.dept,
      sentAt,
      receivedAt,
      status: reply.status,
      ...(errorCode ? { errorCode } : {}),
      released: reading.released,
      sourceFailures: reading.sourceFailures,
      ok: reply.status === 200 && !errorCode && reading.sourceFailures === 0,
    });
  }

  private chooseOperation(): Operation {
    let ticket = this.random() * this.totalWeight;
    for (const operation of this.operations) {
      ticket -= operation.weight;
      if (ticket < 0) return operation;
    }
    return this.operations[this.operations.length - 1];
  }
}
