import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type DocumentNode } from 'graphql';
import type { MetricsService } from '../metrics/metrics.service.js';
import { classifyError } from './error-format.js';

/** Counts and times every GraphQL operation by name and outcome. */
export function metricsPlugin(metrics: MetricsService): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ request, operationName, document, errors }) {
          // A document that fails validation has no resolved operation; name it as the client did.
          const name = operationName ?? request.operationName ?? firstOperationName(document);
          const operation = metrics.operationLabel(name);
          const outcome = errors?.length ? classifyError(errors[0]).code : 'ok';
          metrics.graphqlOperations.inc({ operation, outcome });
          metrics.graphqlDuration.observe({ operation }, Number(process.hrtime.bigint() - started) / 1e9);
        },
      };
    },
  };
}

function firstOperationName(document: DocumentNode | undefined): string | undefined {
  const operation = document?.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  return operation?.kind === Kind.OPERATION_DEFINITION ? operation.name?.value : undefined;
}
