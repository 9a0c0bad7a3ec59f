import { readPath, validateBinding } from '../../src/sources/binding.js';

const ITEMS = ['101001/000001/001', '101001/000001/002'];
const settings = (name: string) => ({ SOURCE_GAT: 'http://127.0.0.1:4101', DEMO_SOURCE_KEY: 'k', FRONT_MZ: 'postgres://u@127.0.0.1/front' })[name];
const http = {
  resourceCode: '101001/000001',
  adapter: 'http',
  endpoint: '{SOURCE_GAT}/persons/{id}',
  credentialRef: 'DEMO_SOURCE_KEY',
  fields: { '101001/000001/001': 'idNumber', '101001/000001/002': 'name' },
};

describe('source bindings are validated when saved', () => {
  it('accepts a complete http binding and a sql binding', () => {
    expect(validateBinding(http, ITEMS, settings)).toMatchObject({ adapter: 'http', timeoutMs: 3000 });
    const sql = { resourceCode: '101001/000001', adapter: 'sql', connectionRef: 'FRONT_MZ', query: 'SELECT * FROM t WHERE id = $1', fields: http.fields };
    expect(validateBinding(sql, ITEMS, settings)).toMatchObject({ adapter: 'sql' });
  });

  it.each([
    [{ ...http, endpoint: '{SOURCE_NOPE}/persons/{id}' }, 'binding.endpoint', /SOURCE_NOPE is not configured/],
    [{ ...http, credentialRef: 'MISSING_SOURCE_KEY' }, 'binding.endpoint', /MISSING_SOURCE_KEY is not configured/],
    [{ ...http, endpoint: '{SOURCE_GAT}/persons' }, 'binding.endpoint', /\{id\}/],
    [{ ...http, fields: { '101001/000001/001': 'idNumber' } }, 'binding.fields', /does not map 101001\/000001\/002/],
    [{ ...http, fields: { ...http.fields, '999999/000001/001': 'x' } }, 'binding.fields.999999/000001/001', /not an item/],
    [{ ...http, adapter: 'ftp' }, 'binding.adapter', /http or sql/],
    [{ ...http, timeoutMs: 10 }, 'binding.timeoutMs', /50/],
    [{ resourceCode: '101001/000001', adapter: 'sql', connectionRef: 'FRONT_MZ', query: 'DELETE FROM t WHERE id = $1', fields: http.fields }, 'binding.query', /SELECT/],
    [{ resourceCode: '101001/000001', adapter: 'sql', connectionRef: 'FRONT_MZ', query: 'SELECT 1 WHERE $1 = $1; DROP TABLE t', fields: http.fields }, 'binding.query', /one SELECT/],
  ])('refuses %#: field %s', (binding, field, message) => {
    try {
      validateBinding(binding, ITEMS, settings);
      throw new Error('accepted');
    } catch (error) {
      expect((error as { details?: { field?: string } }).details?.field).toBe(field);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('reads dot paths and array indexes from records', () => {
    const record = { household: { members: [{ name: '张三' }] }, id: 'x' };
    expect(readPath(record, 'household.members[0].name')).toBe('张三');
    expect(readPath(record, 'household.nothing.deeper')).toBeUndefined();
  });
});
