import type { ApolloServerPlugin } from '@apollo/server';

/**
 * `cache-control: no-store` on every GraphQL response: answers carry personal data and are
 * per caller. Apollo's cache-control plugin (disabled in graphql-options.ts) gave the same header
 * for our schema — no @cacheControl hints, default max-age 0 — but computed a cache policy in a
 * hook around every field of every response to get there.
 */
export function noStorePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}
