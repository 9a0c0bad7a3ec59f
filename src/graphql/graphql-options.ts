import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/config.js';
import type { MetricsService } from '../metrics/metrics.service.js';
import { formatGraphQLError } from './error-format.js';
import type { GraphQLContext } from './graphql-context.js';
import { errorLogPlugin } from './error-log.plugin.js';
import { maxFieldRepeatsRule } from './field-repeat-limit.js';
import { metricsPlugin } from './metrics.plugin.js';
import { noStorePlugin } from './no-store.plugin.js';
import { nulCharacterPlugin } from './nul-character.plugin.js';
import { maxRootFieldsRule } from './root-field-limit.js';

export function graphqlOptions(config: AppConfig, metrics: MetricsService, logger: Logger): ApolloDriverConfig {
  const development = config.nodeEnv === 'development';
  const limits = config.graphql;
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    // Tokens are counted by graphql-js while Apollo parses (parseOptions below), so a document
    // over the limit is an ordinary syntax error (HTTP 400). armor's token plugin parsed the
    // document a second time in a plugin hook, where any error, every syntax error included,
    // ended as HTTP 500 with the error's own text as the message.
    maxTokens: { enabled: false },
    costLimit: { maxCost: limits.maxCost },
    // Suggestions ("did you mean …") leak field names to someone probing the schema.
    blockFieldSuggestion: { enabled: !development },
  }).protect();
  return {
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    // Apollo's own switch refuses with advice naming Apollo Server; graphql-js's rule does not.
    introspection: true,
    parseOptions: { maxTokens: limits.maxTokens },
    graphiql: false,
    playground: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    autoTransformHttpErrors: false,
    // graphql-armor is typed against Apollo's CommonJS build; the objects are the same at run time.
    plugins: [
      ...(armor.plugins as unknown as ApolloServerPlugin[]),
      metricsPlugin(metrics),
      nulCharacterPlugin(),
      errorLogPlugin(logger) as ApolloServerPlugin,
      // Field-level cache hints are of no use to a hub that never lets a response be cached.
      ApolloServerPluginCacheControlDisabled(),
      noStorePlugin(),
    ],
    validationRules: [
      ...(config.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
      ...armor.validationRules,
      maxRootFieldsRule(limits.maxRootFields),
      maxFieldRepeatsRule(limits.maxFieldRepeats),
    ],
    formatError: (formatted, error) => formatGraphQLError(formatted, error, { exposeInternals: development }),
    context: (req: FastifyRequest, reply: FastifyReply): GraphQLContext => ({ req, reply }),
  };
}
