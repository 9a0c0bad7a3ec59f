import { decodePosition, encodeCursor } from '../../src/common/cursor.js';
import { BadInputError } from '../../src/common/errors.js';
import { afterPosition, Conditions, keysetAfter, orderAndLimit, takePage, type Keyset } from '../../src/database/listing.js';

describe('cursors of one list', () => {
  it('decode the position they were issued with', () => {
    expect(decodePosition(encodeCursor(['event', 41]), ['integer'], 'event')).toEqual([41]);
    const id = '0b6c3f7e-2c1d-4f7e-9d1b-6f0f4c2a9e11';
    expect(decodePosition(encodeCursor(['2026-01-05T08:30:00.123Z', id]), ['time', 'uuid'])).toEqual(['2026-01-05T08:30:00.123Z', id]);
  });

  it("refuse another list's cursor, a malformed one and wrong kinds as BAD_USER_INPUT naming the field, before any SQL", () => {
    const alert = encodeCursor(['alert', '2026-01-05T08:00:00.000Z', '0b6c3f7e-2c1d-4f7e-9d1b-6f0f4c2a9e11']);
    const refused = [
      () => decodePosition(alert, ['integer'], 'event'),
      () => decodePosition(encodeCursor(['event', 1.5]), ['integer'], 'event'),
      () => decodePosition(encodeCursor(['event', '7']), ['integer'], 'event'),
      () => decodePosition(encodeCursor(['not a time', '0b6c3f7e-2c1d-4f7e-9d1b-6f0f4c2a9e11']), ['time', 'uuid']),
      () => decodePosition(encodeCursor(['2026-01-05T08:00:00.000Z', 'x']), ['time', 'uuid']),
      () => decodePosition('%%%', ['string'], 'c'),
    ];
    for (const decode of refused) {
      expect(decode).toThrow(BadInputError);
      try {
        decode();
      } catch (error) {
        expect((error as BadInputError).message).toMatch(/^after: /);
      }
    }
  });
});

describe('the listing builder', () => {
  const newestFirst: Keyset = { columns: [{ sql: 'g.created_at', type: 'timestamptz' }, { sql: 'g.id', type: 'uuid' }], direction: 'DESC' };

  it('numbers parameters across conditions, keyset and limit', () => {
    const where = new Conditions().equals('g.consumer_dept', 'D1').equals('g.item_code', undefined).equals('g.scope', '');
    afterPosition(where, newestFirst, ['2026-01-05T08:00:00.000Z', 'u']);
    const tail = orderAndLimit(where, newestFirst, 20);
    expect(where.sql).toBe('WHERE g.consumer_dept = $1 AND (g.created_at, g.id) < ($2::timestamptz, $3::uuid)');
    expect(tail).toBe('ORDER BY g.created_at DESC, g.id DESC LIMIT $4');
    expect(where.params).toEqual(['D1', '2026-01-05T08:00:00.000Z', 'u', 21]);
  });

  it('compares upwards for an ascending keyset, and has no WHERE without conditions', () => {
    const where = new Conditions();
    expect(where.sql).toBe('');
    expect(keysetAfter(where, { columns: [{ sql: 'm.tier', type: 'int' }, { sql: 'm.code', type: 'text' }], direction: 'ASC' }, [1, 'A'])).toBe('(m.tier, m.code) > ($1::int, $2::text)');
    expect(new Conditions().anyOf([['a', undefined]]).sql).toBe('WHERE false');
  });

  it('tells from the extra row whether more follow', () => {
    expect(takePage([1, 2, 3], 2)).toEqual({ rows: [1, 2], hasNextPage: true });
    expect(takePage([1, 2], 2)).toEqual({ rows: [1, 2], hasNextPage: false });
  });
});
