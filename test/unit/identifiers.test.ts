import fc from 'fast-check';
import {
  CREDIT_CODE_CHARSET,
  HISTORICAL_REGION_NAMES,
  REGION_NAMES,
  buildCertificateId,
  certificateIdCheckChar,
  citizenIdCheckChar,
  creditCodeCheckChar,
  isHistoricalRegionCode,
  isKnownRegionCode,
  parseCertificateId,
  regionName,
  validateCitizenId,
  validateCreditCode,
  zhejiangCountyCodes,
} from '../../src/common/identifiers/index.js';

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const knownRegionCodes = [...Object.keys(REGION_NAMES), ...Object.keys(HISTORICAL_REGION_NAMES)];

const charsFrom = (alphabet: string, minLength: number, maxLength = minLength) =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });

/** Replaces one character of `text` with a different one from `alphabet`. */
const withOneSubstitution = (text: string, alphabet: string) =>
  fc
    .tuple(fc.nat({ max: text.length - 1 }), fc.constantFrom(...alphabet))
    .filter(([index, char]) => text[index] !== char)
    .map(([index, char]) => text.slice(0, index) + char + text.slice(index + 1));

describe('region codes (GB/T 2260)', () => {
  it('lists all 31 provincial-level units of the mainland', () => {
    const provinces = Object.keys(REGION_NAMES).filter((code) => code.endsWith('0000') && Number(code) < 710000);
    expect(provinces).toHaveLength(31);
    expect(regionName('330000')).toBe('浙江省');
  });

  it('lists the 90 county-level units of Zhejiang in force', () => {
    const counties = zhejiangCountyCodes();
    expect(counties).toHaveLength(90);
    expect(counties).toEqual(expect.arrayContaining([
      '330102', '330105', '330106', '330108', '330109', '330110', '330111', '330112', '330113', '330114',
      '330122', '330127', '330182', '330383', '331127', '331181',
    ]));
    for (const code of counties) {
      expect(isKnownRegionCode(`${code.slice(0, 4)}00`)).toBe(true);
      expect(isHistoricalRegionCode(code)).toBe(false);
    }
    expect(counties).not.toContain('330103'); // 下城区, merged into 拱墅区 in 2021
  });

  it('names current and historical codes and rejects unknown ones', () => {
    expect(regionName('330106')).toBe('西湖区');
    expect(regionName('110105')).toBe('朝阳区');
    expect(regionName('440524')).toBe('潮阳县');
    expect(isHistoricalRegionCode('440524')).toBe(true);
    expect(isKnownRegionCode('330103')).toBe(true);
    expect(isKnownRegionCode('330199')).toBe(false);
    expect(isKnownRegionCode('toString')).toBe(false);
    expect(regionName('999999')).toBeUndefined();
  });
});

describe('公民身份号码 (GB 11643-1999)', () => {
  it.each([
    ['11010519491231002X', '1949-12-31', 'F', '110105'],
    ['440524188001010014', '1880-01-01', 'M', '440524'],
    ['330106199003071236', '1990-03-07', 'M', '330106'],
  ])('accepts %s', (id, birthDate, sex, regionCode) => {
    expect(validateCitizenId(id)).toEqual({ ok: true, normalized: id, birthDate, sex, regionCode });
  });

  it('accepts a lowercase x and normalises it', () => {
    expect(validateCitizenId('11010519491231002x')).toMatchObject({ ok: true, normalized: '11010519491231002X' });
  });

  it('accepts any county of a known province (address codes of abolished counties stay valid for life)', () => {
    const body = '32010219850101123'; // 南京 玄武区, not in the hub's Zhejiang-centred county list
    expect(validateCitizenId(body + citizenIdCheckChar(body))).toMatchObject({ ok: true, regionCode: '320102' });
  });

  it('computes the check character', () => {
    expect(citizenIdCheckChar('11010519491231002')).toBe('X');
    expect(() => citizenIdCheckChar('1101051949123100')).toThrow(RangeError);
  });

  it.each([
    ['3301061990030712', /18 characters/],
    ['33010619900307123A', /digit or X/],
    ['999999199003071236', /unknown address code/],
    ['330106199002301236', /not a real calendar date/],
    ['330106190002291236', /not a real calendar date/], // 1900 is not a leap year
    ['330106187912311236', /before 1880/],
    ['330106209901011236', /future/],
    ['330106199003071237', /check character/],
  ])('rejects %s', (id, reason) => {
    const result = validateCitizenId(id);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('rejects a birth date after the given today', () => {
    const id = '330106202001011234';
    const body = id.slice(0, 17);
    const full = body + citizenIdCheckChar(body);
    expect(validateCitizenId(full, '2020-01-01').ok).toBe(true);
    expect(validateCitizenId(full, '2019-12-31').ok).toBe(false);
  });

  const validBody = fc
    .record({
      region: fc.constantFrom(...knownRegionCodes),
      birth: fc.date({
        min: new Date('1880-01-01T00:00:00Z'),
        max: new Date('2024-12-31T00:00:00Z'),
        noInvalidDate: true,
      }),
      order: charsFrom('0123456789', 3),
    })
    .map(({ region, birth, order }) => region + birth.toISOString().slice(0, 10).replace(/-/g, '') + order);

  it('accepts any body with a known region and real birth date plus its check character (property)', () => {
    fc.assert(
      fc.property(validBody, (body) => {
        const result = validateCitizenId(body + citizenIdCheckChar(body));
        expect(result.ok).toBe(true);
        if (result.ok) {
          expect(result.sex).toBe(Number(body.slice(14, 17)) % 2 === 1 ? 'M' : 'F');
          expect(result.birthDate.replace(/-/g, '')).toBe(body.slice(6, 14));
        }
      }),
    );
  });

  it('rejects every other check character (property)', () => {
    fc.assert(
      fc.property(validBody, fc.constantFrom(...'0123456789X'), (body, check) => {
        fc.pre(check !== citizenIdCheckChar(body));
        expect(validateCitizenId(body + check).ok).toBe(false);
      }),
    );
  });

  it('detects any single mistyped digit (property)', () => {
    fc.assert(
      fc.property(
        validBody.chain((body) => fc.tuple(fc.constant(body), withOneSubstitution(body, '0123456789'))),
        ([body, mistyped]) => {
          expect(citizenIdCheckChar(mistyped)).not.toBe(citizenIdCheckChar(body));
        },
      ),
    );
  });
});

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it.each(['91110000600037341L', '91330106MA27ABC166'])('accepts %s', (code) => {
    expect(validateCreditCode(code)).toMatchObject({ ok: true, normalized: code });
  });

  it('splits the code into its parts', () => {
    expect(validateCreditCode('91330106MA27ABC166')).toEqual({
      ok: true,
      normalized: '91330106MA27ABC166',
      registrationAuthority: '9',
      organisationKind: '1',
      regionCode: '330106',
      organisationCode: 'MA27ABC16',
    });
  });

  it('accepts lower case, the central region code 100000, and N (农村集体经济组织)', () => {
    expect(validateCreditCode('91330106ma27abc166')).toMatchObject({ ok: true, normalized: '91330106MA27ABC166' });
    expect(validateCreditCode('11100000000013338W').ok).toBe(true);
    const collective = `N2330106${'MA27ABC16'}`;
    expect(validateCreditCode(collective + creditCodeCheckChar(collective)).ok).toBe(true);
  });

  it.each([
    ['91330106MA27ABC16', /18 characters/],
    ['91330106MA27ABCI66', /may only contain/],
    ['Z1330106MA27ABC166', /may only contain/],
    ['H1330106MA27ABC166', /registration authority/],
    ['91999999MA27ABC166', /unknown region code/],
    ['91330106MA27ABC167', /check character/],
  ])('rejects %s', (code, reason) => {
    const result = validateCreditCode(code);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('refuses to compute a check character for a bad body', () => {
    expect(() => creditCodeCheckChar('91330106MA27ABC1')).toThrow(RangeError);
    expect(() => creditCodeCheckChar('91330106MA27ABCO6')).toThrow(RangeError);
  });

  const validBody = fc
    .record({
      authority: fc.constantFrom(...'123456789ABCDEFGNY'),
      kind: charsFrom(CREDIT_CODE_CHARSET, 1),
      region: fc.constantFrom(...knownRegionCodes),
      organisation: charsFrom(CREDIT_CODE_CHARSET, 9),
    })
    .map(({ authority, kind, region, organisation }) => authority + kind + region + organisation);

  it('accepts any well-formed body plus its check character (property)', () => {
    fc.assert(
      fc.property(validBody, (body) => {
        expect(validateCreditCode(body + creditCodeCheckChar(body)).ok).toBe(true);
      }),
    );
  });

  it('rejects every other check character (property)', () => {
    fc.assert(
      fc.property(validBody, fc.constantFrom(...CREDIT_CODE_CHARSET), (body, check) => {
        fc.pre(check !== creditCodeCheckChar(body));
        expect(validateCreditCode(body + check).ok).toBe(false);
      }),
    );
  });

  it('detects any single mistyped character (property)', () => {
    fc.assert(
      fc.property(
        validBody.chain((body) => fc.tuple(fc.constant(body), withOneSubstitution(body, CREDIT_CODE_CHARSET))),
        ([body, mistyped]) => {
          expect(creditCodeCheckChar(mistyped)).not.toBe(creditCodeCheckChar(body));
        },
      ),
    );
  });
});

describe('证照标识 (GB/T 36904-2018)', () => {
  const realIds = [
    '1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0',
    '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U',
  ];

  it.each(realIds)('accepts the real identifier %s', (id) => {
    expect(parseCertificateId(id)).toMatchObject({ ok: true, normalized: id });
  });

  it('splits an identifier into its parts and builds it back', () => {
    const parsed = parseCertificateId(realIds[0]);
    expect(parsed).toEqual({
      ok: true,
      normalized: realIds[0],
      typeCode: '11100000000013338W009',
      issuerCode: '11330105002500287C',
      serial: '2025052201',
      version: '002',
      checkChar: '0',
    });
    expect(buildCertificateId({
      typeCode: '11100000000013338W009',
      issuerCode: '11330105002500287C',
      serial: '2025052201',
      version: 2,
    })).toBe(realIds[0]);
    expect(certificateIdCheckChar('11100000000013338W01111430000006122244L20230000403001')).toBe('U');
  });

  it('does not require the embedded credit codes to pass their own check', () => {
    const typeCode = '11100000000013338X009'; // W → X breaks the embedded code's own check
    const id = buildCertificateId({ typeCode, issuerCode: '11330105002500287C', serial: '1', version: '001' });
    expect(parseCertificateId(id).ok).toBe(true);
  });

  it.each([
    ['1.2.156.3005.1.11100000000013338W009.11330105002500287C.2025052201.002.0', /must start with/],
    ['1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002', /5 dot-separated/],
    ['1.2.156.3005.2.11100000000013338W09.11330105002500287C.2025052201.002.0', /类型代码/],
    ['1.2.156.3005.2.11100000000013338W009.1133010500250028.2025052201.002.0', /颁发机构代码/],
    ['1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025-05.002.0', /流水号/],
    ['1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.02.0', /版本号/],
    ['1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.1', /校验位 does not match/],
  ])('rejects %s', (id, reason) => {
    const result = parseCertificateId(id);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('refuses to build from malformed parts', () => {
    const good = { typeCode: '11100000000013338W009', issuerCode: '11330105002500287C', serial: '1', version: 1 };
    expect(() => buildCertificateId({ ...good, typeCode: 'X' })).toThrow(RangeError);
    expect(() => buildCertificateId({ ...good, version: 1000 })).toThrow(RangeError);
    expect(() => buildCertificateId({ ...good, serial: '2025-05' })).toThrow(RangeError);
  });

  const parts = fc.record({
    typeCode: fc.tuple(charsFrom(CREDIT_CODE_CHARSET, 18), charsFrom('0123456789', 3)).map(([code, seq]) => code + seq),
    issuerCode: charsFrom(CREDIT_CODE_CHARSET, 18),
    serial: charsFrom(ALPHANUMERIC, 1, 24),
    version: fc.integer({ min: 0, max: 999 }),
  });

  it('accepts any well-formed identifier it builds, with the same parts (property)', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const parsed = parseCertificateId(buildCertificateId(p));
        expect(parsed).toMatchObject({
          ok: true,
          typeCode: p.typeCode,
          issuerCode: p.issuerCode,
          serial: p.serial,
          version: String(p.version).padStart(3, '0'),
        });
      }),
    );
  });

  it('rejects every other check character (property)', () => {
    fc.assert(
      fc.property(parts, fc.constantFrom(...ALPHANUMERIC), (p, check) => {
        const id = buildCertificateId(p);
        fc.pre(!id.endsWith(`.${check}`));
        expect(parseCertificateId(id.slice(0, -1) + check).ok).toBe(false);
      }),
    );
  });

  it('detects any single mistyped payload character (property)', () => {
    const payload = charsFrom(ALPHANUMERIC, 1, 60);
    fc.assert(
      fc.property(
        payload.chain((text) => fc.tuple(fc.constant(text), withOneSubstitution(text, ALPHANUMERIC))),
        ([text, mistyped]) => {
          expect(certificateIdCheckChar(mistyped)).not.toBe(certificateIdCheckChar(text));
        },
      ),
    );
  });
});
