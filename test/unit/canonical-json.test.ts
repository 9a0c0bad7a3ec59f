import fc from 'fast-check';
import { assembleCanonical, canonicalEvent, canonicalTail, type StoredEvent } from '../../src/audit/canonical.js';
import { canonicalJson } from '../../src/common/canonical-json.js';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units, integer-like keys as strings (RFC 8785 §3.2.3)', () => {
    expect(canonicalJson({ '10': 1, '9': 2, a: 3 })).toBe('{"10":1,"9":2,"a":3}');
    const rfcExample = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One', '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' };
    // (read off the text: JSON.parse would put the integer-like key first again)
    expect([...canonicalJson(rfcExample).matchAll(/:"([^"]+)"/g)].map((match) => match[1])).toEqual([
      'Carriage Return',
      'One',
      'Control',
      'Latin Small Letter O With Diaeresis',
      'Euro Sign',
      'Emoji: Grinning Face',
      'Hebrew Letter Dalet With Dagesh',
    ]);
  });

  it('writes numbers as ECMAScript does (RFC 8785 §3.2.2.3)', () => {
    expect(canonicalJson([Number('333333333.33333329'), 1e30, 4.5, 0.002, 1e-27, -0, 9007199254740991])).toBe('[333333333.3333333,1e+30,4.5,0.002,1e-27,0,9007199254740991]');
  });

  it('refuses what JSON cannot carry exactly', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow();
    expect(() => canonicalJson({ text: '\ud800' })).toThrow();
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });
});

describe('the audit leaf serialisation', () => {
  const event = (details: unknown, itemsDenied: StoredEvent['itemsDenied']): StoredEvent => ({
    leafIndex: 41,
    id: '0b6c3f7e-2c1d-4f7e-9d1b-6f0f4c2a9e11',
    recordedAt: new Date(Date.UTC(2026, 0, 5, 8, 30, 0, 123)),
    kind: 'ADMIN',
    action: 'GRANT',
    requestId: 'req-1',
    consumerDept: '330000000000',
    principalSub: 'admin',
    principalName: '管理员 "甲"',
    tokenId: null,
    caseNo: null,
    matter: null,
    reason: 'line\nbreak\\',
    legalBasis: null,
    subjectType: null,
    subjectHash: null,
    subjectMasked: null,
    itemsRequested: ['A', 'B'],
    itemsReleased: [],
    itemsDenied,
    resources: [],
    sources: [],
    outcome: null,
    errorCode: null,
    latencyMs: 7,
    receiptHash: null,
    target: 'grant:1',
    details,
  });

  it("is one RFC 8785 document: the writer's two-part form equals canonicalJson of the whole row", () => {
    const denied = fc.array(fc.record({ reason: fc.string(), itemCode: fc.string() }), { maxLength: 3 });
    const details = fc.oneof(fc.constant(null), fc.jsonValue({ maxDepth: 3 }));
    fc.assert(
      fc.property(details, denied, (value, itemsDenied) => {
        const stored = event(value, itemsDenied);
        const whole = canonicalEvent(stored);
        expect(assembleCanonical(stored.leafIndex, stored.id, stored.recordedAt, canonicalTail(stored))).toBe(whole);
        expect(JSON.parse(whole)).toEqual(JSON.parse(JSON.stringify(['sharehub-audit-event/v1', 41, stored.id, '2026-01-05T08:30:00.123Z', ...Object.values(stored).slice(3)])));
      }),
    );
    expect(canonicalEvent(event({ '10': 1, '9': 2 }, [{ reason: 'r', itemCode: 'c' }]))).toContain('[{"itemCode":"c","reason":"r"}],[],[],null,null,7,null,"grant:1",{"10":1,"9":2}]');
  });
});
