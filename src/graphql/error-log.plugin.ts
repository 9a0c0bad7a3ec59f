import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import { classifyError } from './error-format.js';
import type { GraphQLContext } from './graphql-context.js';

/**
 * Logs each error a client only sees as INTERNAL, once, with the request's id (formatError,
 * which hides them, has no request at hand).
 */
export function errorLogPlugin(logger: Logger): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors }) {
          for (const error of errors) {
            const { unexpected } = classifyError(error);
            if (unexpected !== undefined) logger.error({ requestId: contextValue.req?.id, err: unexpected }, 'unexpected error in GraphQL request');
          }
        },
      };
    },
  };
}
