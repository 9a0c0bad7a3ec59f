import fc from 'fast-check';
import { MaskRule, applyMask } from '../../src/common/masking.js';

const DIGITS = '0123456789';
const digits = (length: number) =>
  fc.string({ unit: fc.constantFrom(...DIGITS), minLength: length, maxLength: length });
const hanzi = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((code) => String.fromCodePoint(code));
const hanziText = (minLength: number, maxLength: number) => fc.string({ unit: hanzi, minLength, maxLength });

describe('applyMask examples', () => {
  it.each([
    [MaskRule.ID_NUMBER, '330106199003071236', '330106********1236'],
    [MaskRule.ID_NUMBER, '330106900307123', '330106*****7123'], // 15-digit first-generation number
    [MaskRule.PHONE, '13812345678', '138****5678'],
    [MaskRule.PHONE, '+86 138-1234-5678', '138****5678'],
    [MaskRule.PHONE, '0571-87654321', '057********21'],
    [MaskRule.NAME, '张三', '张*'],
    [MaskRule.NAME, '欧阳娜娜', '欧***'],
    [MaskRule.NAME, '张', '*'],
    [MaskRule.ADDRESS, '浙江省杭州市西湖区文三路90号东部软件园', '浙江省杭州市西湖区文三路***'],
    [MaskRule.ADDRESS, '浙江省杭州市西湖区北山街道保俶路12号', '浙江省杭州市西湖区北山街道***'],
    [MaskRule.ADDRESS, '浙江省宁波市镇海区招宝山街道城河西路8号', '浙江省宁波市镇海区招宝山街道***'],
    [MaskRule.ADDRESS, '浙江省台州市路桥区路桥街道', '浙江省台州市路桥区路桥街道***'],
    [MaskRule.ADDRESS, '浙江省杭州市上城区解放路街道西湖大道2号', '浙江省杭州市上城区解放路街道***'],
    [MaskRule.ADDRESS, '浙江省杭州市西湖区三墩镇', '浙江省杭州市西湖区三墩镇***'],
    [MaskRule.ADDRESS, '杭州市西湖区某某小区3幢2单元101室', '杭州市西湖区某某小***'],
    [MaskRule.ADDRESS, '西湖区3幢101（文三路旁）', '西湖区***'],
    [MaskRule.ADDRESS, '某某小区３幢', '某某小***'], // full-width digit
    [MaskRule.CREDIT_CODE, '91330106MA27ABC166', '91330106********66'],
  ])('%s masks %s as %s', (rule, value, masked) => {
    expect(applyMask(rule, value)).toBe(masked);
  });

  it('passes null through and leaves NONE values alone', () => {
    expect(applyMask(MaskRule.NAME, null)).toBeNull();
    expect(applyMask(MaskRule.NONE, ' 张三 ')).toBe(' 张三 ');
    expect(applyMask(MaskRule.NAME, '')).toBe('');
  });

  it('hides a value entirely when it is too short to keep both ends', () => {
    expect(applyMask(MaskRule.ID_NUMBER, '1234567890')).toBe('**********');
    expect(applyMask(MaskRule.PHONE, '110')).toBe('***');
  });

  it('refuses a rule it does not know instead of leaking the value', () => {
    expect(() => applyMask('SOMETHING' as MaskRule, '330106199003071236')).toThrow(RangeError);
  });
});

describe('applyMask never reveals the masked part (properties)', () => {
  // Two values that differ only in the part a rule hides must mask to the same output.

  it('ID_NUMBER depends only on the first 6 and last 4 characters', () => {
    fc.assert(
      fc.property(digits(6), digits(8), digits(8), digits(4), (head, middle1, middle2, tail) => {
        const masked = applyMask(MaskRule.ID_NUMBER, head + middle1 + tail);
        expect(masked).toBe(applyMask(MaskRule.ID_NUMBER, head + middle2 + tail));
        expect(masked).toBe(`${head}********${tail}`);
      }),
    );
  });

  it('PHONE depends only on the first 3 and last 4 digits of a mobile number', () => {
    fc.assert(
      fc.property(digits(2), digits(4), digits(4), digits(4), (prefix, middle1, middle2, tail) => {
        const masked = applyMask(MaskRule.PHONE, `1${prefix}${middle1}${tail}`);
        expect(masked).toBe(applyMask(MaskRule.PHONE, `1${prefix}${middle2}${tail}`));
        expect(masked).toBe(`1${prefix}****${tail}`);
      }),
    );
  });

  it('PHONE of any other number depends only on its first 3 and last 2 characters', () => {
    const text = (length: number) =>
      fc.string({ unit: fc.constantFrom(...'0123456789-()'), minLength: length, maxLength: length });
    const isMobile = (value: string) => /^(?:\+?86)?1\d{10}$/.test(value.replace(/[\s-]/g, ''));
    const middles = fc.nat({ max: 12 }).chain((n) => fc.tuple(text(n + 1), text(n + 1)));
    fc.assert(
      fc.property(text(3), middles, text(2), (head, [middle1, middle2], tail) => {
        fc.pre(!isMobile(head + middle1 + tail) && !isMobile(head + middle2 + tail));
        const masked = applyMask(MaskRule.PHONE, head + middle1 + tail);
        expect(masked).toBe(applyMask(MaskRule.PHONE, head + middle2 + tail));
        expect(masked).toBe(head + '*'.repeat(middle1.length) + tail);
      }),
    );
  });

  it('NAME depends only on the first character and the length', () => {
    fc.assert(
      fc.property(hanzi, hanziText(1, 5), (first, rest) => {
        const other = Array.from(rest).map(() => '某').join('');
        expect(applyMask(MaskRule.NAME, first + rest)).toBe(applyMask(MaskRule.NAME, first + other));
        expect(applyMask(MaskRule.NAME, first + rest)).toBe(first + '*'.repeat(Array.from(rest).length));
      }),
    );
  });

  it('ADDRESS depends only on the part up to the street', () => {
    const detailChar = fc.oneof(hanzi, fc.constantFrom(...'0123456789号幢室-# '));
    const detail = fc.string({ unit: detailChar, maxLength: 30 });
    const address = fc
      .record({
        before: hanziText(0, 12).filter((text) => !/[街镇乡路]/.test(text)),
        marker: fc.constantFrom('街道', '镇', '乡', '路', '街'),
        detail1: detail,
        detail2: detail,
      })
      // A 街道/镇/乡 later in the detail outranks a 路/街, and 镇海区/路桥区 are division names.
      .filter(({ marker, detail1, detail2 }) =>
        [detail1, detail2].every((d) => !(/^[路街]$/.test(marker) && /街道|镇|乡/.test(d)) && !/^(海区|桥区)/.test(d)),
      );
    fc.assert(
      fc.property(address, ({ before, marker, detail1, detail2 }) => {
        const masked = applyMask(MaskRule.ADDRESS, before + marker + detail1);
        expect(masked).toBe(applyMask(MaskRule.ADDRESS, before + marker + detail2));
        expect(masked).toBe(`${before}${marker}***`);
      }),
    );
  });

  it('ADDRESS output is a prefix of the address with no digit in it, followed by ***', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }), (address) => {
        const trimmed = address.trim();
        fc.pre(trimmed !== '');
        const masked = applyMask(MaskRule.ADDRESS, trimmed)!;
        const kept = masked.slice(0, -3);
        expect(masked.endsWith('***')).toBe(true);
        expect(trimmed.startsWith(kept)).toBe(true);
        expect(kept).not.toMatch(/\p{Nd}/u);
      }),
    );
  });

  it('CREDIT_CODE depends only on the first 8 and last 2 characters', () => {
    const chars = fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRTUWXY');
    const text = (length: number) => fc.string({ unit: chars, minLength: length, maxLength: length });
    fc.assert(
      fc.property(text(8), text(8), text(8), text(2), (head, middle1, middle2, tail) => {
        const masked = applyMask(MaskRule.CREDIT_CODE, head + middle1 + tail);
        expect(masked).toBe(applyMask(MaskRule.CREDIT_CODE, head + middle2 + tail));
        expect(masked).toBe(`${head}********${tail}`);
      }),
    );
  });
});
