import type { ApolloServerPlugin } from '@apollo/server';
import type { MetricsService } from '../metrics/metrics.service.js';
import { classifyError } from './error-format.js';

/** Counts and times every GraphQL operation by name and outcome. */
export function metricsPlugin(metrics: MetricsService): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, errors }) {
          const operation = metrics.operationLabel(operationName);
          const outcome = errors?.length ? classifyError(errors[0]).code : 'ok';
          metrics.graphqlOperations.inc({ operation, outcome });
          metrics.graphqlDuration.observe({ operation }, Number(process.hrtime.bigint() - started) / 1e9);
        },
      };
    },
  };
}
