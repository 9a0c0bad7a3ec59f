import { Pool } from 'undici';

export interface GraphQLReply {
  /** HTTP status; 0 when no response came (connection refused or reset, timeout). */
  status: number;
  data?: Record<string, unknown> | null;
  /** The first error's `extensions.code`, or the network error's code. */
  errorCode?: string;
  errorMessage?: string;
}

const REQUEST_TIMEOUT_MS = 30_000;

/** GraphQL over keep-alive connection pools, one per replica, as a load balancer would hold them. */
export class HubClient {
  private readonly pools = new Map<string, Pool>();

  constructor(private readonly connectionsPerReplica: number) {}

  async graphql(baseUrl: string, token: string, requestId: string, query: string, variables: Record<string, unknown>): Promise<GraphQLReply> {
    try {
      const response = await this.pool(baseUrl).request({
        path: '/graphql',
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': requestId },
        body: JSON.stringify({ query, variables }),
        headersTimeout: REQUEST_TIMEOUT_MS,
        bodyTimeout: REQUEST_TIMEOUT_MS,
      });
      const text = await response.body.text();
      let body: { data?: Record<string, unknown> | null; errors?: { message?: string; extensions?: { code?: string } }[] };
      try {
        body = JSON.parse(text);
      } catch {
        return { status: response.statusCode, errorCode: 'NOT_JSON', errorMessage: text.slice(0, 200) };
      }
      const error = body.errors?.[0];
      return {
        status: response.statusCode,
        data: body.data,
        ...(error ? { errorCode: error.extensions?.code ?? 'NO_CODE', errorMessage: error.message } : {}),
      };
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'NETWORK';
      return { status: 0, errorCode: code, errorMessage: (error as Error).message };
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.destroy()));
  }

  private pool(baseUrl: string): Pool {
    let pool = this.pools.get(baseUrl);
    if (!pool) {
      pool = new Pool(baseUrl, { connections: this.connectionsPerReplica, keepAliveTimeout: 10_000 });
      this.pools.set(baseUrl, pool);
    }
    return pool;
  }
}
