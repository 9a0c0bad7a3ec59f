import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateBinding } from '../../src/sources/binding.js';
import { loadCatalog, repositoryRoot } from '../../demo/population/index.js';
import { BINDINGS_FILE, demoBindings, demoBindingsText } from '../../demo/sources/bindings.js';

const catalog = loadCatalog();
const bindings = demoBindings(catalog);
const settings = (name: string) =>
  ({
    SOURCE_GAT: 'http://127.0.0.1:4101',
    SOURCE_SCJGJ: 'http://127.0.0.1:4102',
    SOURCE_RLSBT: 'http://127.0.0.1:4103',
    SOURCE_ZRZYT: 'http://127.0.0.1:4104',
    SOURCE_DZZZ: 'http://127.0.0.1:4105',
    SOURCE_GENERIC: 'http://127.0.0.1:4106',
    DEMO_SOURCE_KEY: 'demo-source-key',
    FRONT_MZ: 'postgres://sharehub_front_reader:x@127.0.0.1:5432/sharehub_front_mz',
  })[name];

describe('demo bindings (data/bindings/demo.json)', () => {
  it('is the file the definitions generate (node dist/demo/sources/write-bindings.js)', () => {
    expect(readFileSync(join(repositoryRoot(), BINDINGS_FILE), 'utf8')).toBe(demoBindingsText(catalog));
  });

  it('binds every API/TABLE resource about a person or a legal entity exactly once, certificates included', () => {
    const expected = catalog.resources.filter((r) => ['API', 'TABLE'].includes(r.shareMethod) && ['PERSON', 'LEGAL_ENTITY'].includes(r.subjectType));
    expect(bindings.map((b) => b.resourceCode)).toEqual(expected.map((r) => r.code));
    expect(new Set(bindings.map((b) => b.resourceCode)).size).toBe(bindings.length);
    expect(bindings.filter((b) => catalog.resource(b.resourceCode)!.certificate)).toHaveLength(18);
    expect(bindings.filter((b) => b.adapter === 'sql').map((b) => b.resourceCode)).toEqual(['101003/000001']);
  });

  it('maps every item of its resource, and nothing else', () => {
    for (const binding of bindings) {
      const items = catalog.resource(binding.resourceCode)!.items.map((item) => item.code);
      expect(Object.keys(binding.fields).sort()).toEqual([...items].sort());
    }
  });

  it('has exactly the agreed shape and passes the hub validation', () => {
    for (const binding of bindings) {
      const keys = binding.adapter === 'http'
        ? ['resourceCode', 'adapter', 'endpoint', 'batchEndpoint', 'credentialRef', 'timeoutMs', 'fields']
        : ['resourceCode', 'adapter', 'connectionRef', 'query', 'timeoutMs', 'fields'];
      expect(Object.keys(binding)).toEqual(keys);
      const items = catalog.resource(binding.resourceCode)!.items.map((item) => item.code);
      expect(validateBinding(binding, items, settings)).toEqual(binding);
      if (binding.adapter === 'http') {
        expect(binding.endpoint).toMatch(/^\{SOURCE_[A-Z]+\}\/.+\/\{id\}$/);
        expect(binding.batchEndpoint).toBe(binding.endpoint.replace(/\/\{id\}$/, ':batch'));
        expect(binding.credentialRef).toBe('DEMO_SOURCE_KEY');
      }
    }
  });
});
