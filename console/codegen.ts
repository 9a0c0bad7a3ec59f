import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed operations against the committed schema: `npm run console:codegen` after changing an
// operation in console/src/api/operations.ts or after `npm run schema`.
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['console/src/**/*.ts', 'console/src/**/*.tsx', '!console/src/gql/**'],
  generates: {
    'console/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { enumsAsTypes: true, scalars: { DateTime: 'string' }, useTypeImports: true },
    },
  },
  ignoreNoDocuments: true,
};
export default config;
