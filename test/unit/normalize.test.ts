import fc from 'fast-check';
import { normalizeForCompare } from '../../src/common/normalize.js';

const TYPE_CODES = ['C', 'N', 'Y', 'D', 'T', 'L', 'M', 'G', 'B', 'I', 'F'];

/** The full-width (全角) form of printable ASCII, as typed with a Chinese IME. */
function toFullWidth(text: string): string {
  return text.replace(/[!-~]/g, (char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');
}

const same = (a: unknown, b: unknown, type: string) =>
  expect(normalizeForCompare(a, type)).toBe(normalizeForCompare(b, type));

describe('normalizeForCompare examples', () => {
  it('compares text ignoring width, case and whitespace', () => {
    expect(normalizeForCompare(' 330106199003071236x ', 'C')).toBe('330106199003071236X');
    same('９１３３０１０６ＭＡ２７ＡＢＣ１６６', '91330106MA27ABC166', 'C');
    same('张 三', '张三', 'C');
    same('zhang\u00a0san\u200b', 'ZHANGSAN', 'M');
    expect(normalizeForCompare(null, 'C')).toBe('');
    expect(normalizeForCompare(Uint8Array.of(0xca, 0xfe), 'G')).toBe('CAFE');
  });

  it('brings dates to YYYY-MM-DD', () => {
    for (const form of ['2020-01-05', '2020/1/5', '20200105', '2020年1月5日', '２０２０年１月５日', ' 2020.01.05 ']) {
      expect(normalizeForCompare(form, 'D')).toBe('2020-01-05');
    }
    expect(normalizeForCompare('2020-01-04T16:00:00.000Z', 'D')).toBe('2020-01-05'); // midnight in China
    expect(normalizeForCompare(new Date('2020-01-04T16:00:00Z'), 'D')).toBe('2020-01-05');
  });

  it('brings date-times to YYYY-MM-DD HH:mm:ss in China time', () => {
    for (const form of [
      '2020-01-05 08:03:05',
      '2020/1/5 8:3:5',
      '20200105080305',
      '2020年1月5日 8时3分5秒',
      '2020-01-05T08:03:05+08:00',
      '2020-01-05T00:03:05Z',
      '2020-01-05T08:03:05.000',
    ]) {
      expect(normalizeForCompare(form, 'T')).toBe('2020-01-05 08:03:05');
    }
    expect(normalizeForCompare('2020-01-05 08:03', 'T')).toBe('2020-01-05 08:03:00');
    expect(normalizeForCompare('2020-01-05', 'T')).toBe('2020-01-05 00:00:00');
    expect(normalizeForCompare('2020-01-05T08:03:05.120', 'T')).toBe('2020-01-05 08:03:05.12');
    expect(normalizeForCompare(new Date('2020-01-05T00:03:05.250Z'), 'T')).toBe('2020-01-05 08:03:05.25');
  });

  it('keeps an unparseable or impossible date as cleaned text', () => {
    expect(normalizeForCompare('2020-02-30', 'D')).toBe('2020-02-30');
    expect(normalizeForCompare('next tuesday', 'D')).toBe('NEXT TUESDAY');
    expect(normalizeForCompare('2020-01-05 25:00', 'T')).toBe('2020-01-05 25:00');
  });

  it('compares numbers by value', () => {
    same('1,000.50', '1000.5', 'N');
    same('１，０００．５０', 1000.5, 'N');
    same('¥1,000.50', '1000.5元', 'Y');
    same('1.0005E3', '1000.5', 'F');
    same('-0', '0', 'I');
    same('0.10', '.1', 'B');
    same(12345678901234567890n, '12345678901234567890', 'I');
    expect(normalizeForCompare('1,000.50', 'N')).toBe('1000.5');
    expect(normalizeForCompare('-0.0012', 'N')).toBe('-0.0012');
    expect(normalizeForCompare('1e21', 'N')).toBe('1000000000000000000000');
    expect(normalizeForCompare('12abc', 'N')).toBe('12ABC');
  });

  it('reads logic values', () => {
    for (const yes of ['是', 'true', 'TRUE', '1', 'Y', 'y', 'yes', true, 1]) {
      expect(normalizeForCompare(yes, 'L')).toBe('TRUE');
    }
    for (const no of ['否', 'false', '0', 'N', 'no', false, 0]) {
      expect(normalizeForCompare(no, 'L')).toBe('FALSE');
    }
    expect(normalizeForCompare('maybe', 'L')).toBe('MAYBE');
  });

  it('accepts type codes in any case and rejects unknown ones', () => {
    expect(normalizeForCompare('2020/1/5', 'd')).toBe('2020-01-05');
    expect(() => normalizeForCompare('x', 'Q')).toThrow(RangeError);
  });
});

describe('normalizeForCompare properties', () => {
  const anyValue = fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.string({ unit: 'grapheme' }),
    fc.string({ unit: fc.constantFrom(...'0123456789-/:.年月日时分秒 TZ+,Ee') }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z') }),
  );

  it('is idempotent for every type', () => {
    fc.assert(
      fc.property(anyValue, fc.constantFrom(...TYPE_CODES), (value, type) => {
        const once = normalizeForCompare(value, type);
        expect(normalizeForCompare(once, type)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('treats full-width and half-width text alike for every type', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), fc.constantFrom(...TYPE_CODES), (text, type) => {
        same(toFullWidth(text), text, type);
      }),
      { numRuns: 1000 },
    );
  });

  it('treats every written form of a date alike', () => {
    const dates = fc.date({
      min: new Date('1000-01-01T00:00:00Z'),
      max: new Date('9999-12-31T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(dates, (date) => {
        const [y, m, d] = date.toISOString().slice(0, 10).split('-');
        const iso = `${y}-${m}-${d}`;
        for (const form of [iso, `${y}/${Number(m)}/${Number(d)}`, `${y}${m}${d}`, `${y}年${Number(m)}月${Number(d)}日`]) {
          expect(normalizeForCompare(form, 'D')).toBe(iso);
        }
      }),
    );
  });

  it('compares decimals by value whatever the grouping and trailing zeros', () => {
    const amounts = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n });
    fc.assert(
      fc.property(amounts, fc.nat({ max: 6 }), fc.nat({ max: 3 }), (units, scale, padding) => {
        const negative = units < 0n;
        const magnitude = (negative ? -units : units).toString().padStart(scale + 1, '0');
        const integer = magnitude.slice(0, magnitude.length - scale);
        const fraction = magnitude.slice(magnitude.length - scale);
        const plain = `${negative ? '-' : ''}${integer}${scale ? `.${fraction}` : ''}`;
        const withCommas = integer.replace(/\B(?=(\d{3})+$)/g, ',');
        const grouped = `${negative ? '-' : ''}${withCommas}.${fraction}${'0'.repeat(padding)}`;
        same(grouped, plain, 'N');
        if (scale === 0) same(plain, units, 'I');
      }),
    );
  });
});
