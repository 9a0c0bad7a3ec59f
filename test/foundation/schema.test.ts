import { readFileSync, writeFileSync } from 'node:fs';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { startTestHub, type TestHub } from '../support/hub.js';

const SCHEMA_FILE = new URL('../../schema.graphql', import.meta.url);

/** schema.graphql is the API contract in review: it must match what the code serves. */
describe('schema.graphql', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.close());

  it('is the SDL the code generates (regenerate with `npm run schema`)', () => {
    const generated = printSchema(lexicographicSortSchema(hub.app.get(GraphQLSchemaHost).schema)) + '\n';
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, generated);
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(generated);
  });
});
