import fc from 'fast-check';
import { citizenIdCheckChar } from '../../src/common/identifiers/citizen-id.js';
import { idNumberProblem } from '../../console/src/lib/gb11643.js';

// The console checks the 身份证号 as the clerk types it; its check character must agree with the hub's.

describe('console GB 11643 check', () => {
  it('accepts exactly the check character the hub computes', () => {
    const body = fc
      .tuple(fc.integer({ min: 110000, max: 659999 }), fc.date({ min: new Date('1920-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }), fc.integer({ min: 0, max: 999 }))
      .map(([region, birth, seq]) => `${region}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(seq).padStart(3, '0')}`);
    fc.assert(
      fc.property(body, fc.constantFrom(...'0123456789X'), (body17, check) => {
        const right = citizenIdCheckChar(body17);
        expect(idNumberProblem(body17 + check)).toBe(check === right ? undefined : '校验码不正确');
      }),
    );
  });

  it('says in Chinese what is wrong while it is being typed', () => {
    expect(idNumberProblem('')).toBe('请输入身份证号');
    expect(idNumberProblem('3301061990')).toBe('身份证号应为 18 位，已输入 10 位');
    expect(idNumberProblem('33010619900230123X')).toBe('出生日期不正确');
    expect(idNumberProblem('3301061990A1011234')).toBe('身份证号格式不正确');
  });
});
