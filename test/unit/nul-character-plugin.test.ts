import type { ApolloServerPlugin } from '@apollo/server';
import { parse, type DocumentNode } from 'graphql';
import { nulCharacterPlugin } from '../../src/graphql/nul-character.plugin.js';

/** Runs the plugin's didResolveOperation hook as Apollo would for one request. */
async function check(plugin: ApolloServerPlugin, document: DocumentNode, variables: Record<string, unknown> = {}): Promise<void> {
  const listener = await plugin.requestDidStart!({} as never);
  await listener!.didResolveOperation!({ request: { variables }, document } as never);
}

describe('NUL-character plugin', () => {
  const plugin = nulCharacterPlugin();

  it('refuses a literal with NUL on every request with that document, not only the first', async () => {
    const document = parse('{ resource(code: "101001\\u0000") { code } }');
    await expect(check(plugin, document)).rejects.toThrow(/NUL/);
    await expect(check(plugin, document)).rejects.toThrow(/NUL/);
  });

  it('passes a clean document every time, and still refuses NUL in its variables', async () => {
    const document = parse('query($c: String!) { resource(code: $c) { code } }');
    await expect(check(plugin, document, { c: '101001/000001' })).resolves.toBeUndefined();
    await expect(check(plugin, document, { c: '101001/000001' })).resolves.toBeUndefined();
    await expect(check(plugin, document, { c: '101001/000001\u0000' })).rejects.toThrow(/NUL/);
  });
});
