import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { SubjectType } from '../../common/subject.js';

export enum CertificateStatusGql {
  VALID = 'VALID',
  REVOKED = 'REVOKED',
  EXPIRED = 'EXPIRED',
}

registerEnumType(CertificateStatusGql, {
  name: 'CertificateStatus',
  description: 'VALID 有效; REVOKED 注销/吊销 (by the issuer, or revoked through the hub); EXPIRED 过期 (validTo has passed).',
});

export enum CertificateDelivery {
  DELIVERED = 'DELIVERED',
  REFUSED = 'REFUSED',
  NOT_HELD = 'NOT_HELD',
  UNAVAILABLE = 'UNAVAILABLE',
}

registerEnumType(CertificateDelivery, {
  name: 'CertificateDelivery',
  description:
    'DELIVERED: sealed document below. REFUSED: the policy does not allow every field of the type (reason: NO_GRANT, REVOKED, EXPIRED, SCOPE, NOT_SHAREABLE, QUOTA_EXCEEDED). NOT_HELD: the issuer has no such certificate for the holder. UNAVAILABLE: the issuer\'s system failed (reason: SOURCE_UNAVAILABLE, SOURCE_ERROR).',
});

@ObjectType({ description: 'One field of a certificate type: a data item of its catalogue resource.' })
export class CertificateTypeField {
  @Field() itemCode: string;
  @Field() name: string;
  @Field({ description: 'Data type code (C, N, D…).' }) dataType: string;
  @Field(() => String, { nullable: true, description: 'The metadata field it fills (identifier, number, holder.name…), or null for a content field (证面信息).' })
  metadata: string | null;
}

@ObjectType({ description: 'A certificate type (电子证照 class 105): a catalogue resource whose items are the certificate\'s fields.' })
export class CertificateType {
  @Field() resourceCode: string;
  @Field({ description: '证照名称.' }) name: string;
  @Field({ description: '证照类型代码: the defining authority\'s 统一社会信用代码 + 3 digits.' }) typeCode: string;
  @Field(() => SubjectType) holderType: SubjectType;
  @Field({ description: 'The issuing department (its code in the hub).' }) issuer: string;
  @Field() issuerName: string;
  @Field({ description: 'The issuer\'s 统一社会信用代码 (颁发机构代码).' }) issuerCreditCode: string;
  @Field({ description: 'The resource\'s catalogue status (only PUBLISHED types are delivered).' }) status: string;
  @Field(() => [CertificateTypeField]) fields: CertificateTypeField[];
}

@ObjectType()
export class CertificateHolder {
  @Field(() => String, { nullable: true, description: '持证主体.' }) name: string | null;
  @Field(() => String, { nullable: true, description: '持证主体代码 (masked unless the grant is unmasked).' }) code: string | null;
  @Field(() => String, { nullable: true, description: '持证主体代码类型: 111 公民身份号码, 001 统一社会信用代码.' }) codeType: string | null;
}

@ObjectType()
export class CertificateIssuer {
  @Field(() => String, { nullable: true, description: '颁发机构.' }) name: string | null;
  @Field({ description: '颁发机构代码 (统一社会信用代码).' }) code: string;
  @Field({ description: 'The issuing department in the hub, whose seal is on the document.' }) department: string;
}

@ObjectType({ description: 'A content field (证面信息) of a certificate.' })
export class CertificateField {
  @Field() itemCode: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) value: string | null;
  @Field() masked: boolean;
}

@ObjectType({ description: 'The outcome for one requested certificate type: the sealed certificate, or why there is none.' })
export class Certificate {
  @Field() resourceCode: string;
  @Field() typeName: string;
  @Field() typeCode: string;
  @Field(() => CertificateDelivery) delivery: CertificateDelivery;
  @Field(() => String, { nullable: true, description: 'Unless DELIVERED: the reason code (the policy\'s for REFUSED).' }) reason: string | null;
  @Field(() => String, { nullable: true }) message: string | null;
  @Field(() => String, { nullable: true, description: '证照标识 (GB/T 36904).' }) identifier: string | null;
  @Field(() => String, { nullable: true, description: '证照编号.' }) number: string | null;
  @Field(() => CertificateHolder, { nullable: true }) holder: CertificateHolder | null;
  @Field(() => String, { nullable: true, description: '颁发日期.' }) issuedOn: string | null;
  @Field(() => String, { nullable: true }) validFrom: string | null;
  @Field(() => String, { nullable: true, description: 'null: 长期.' }) validTo: string | null;
  @Field(() => CertificateIssuer, { nullable: true }) issuer: CertificateIssuer | null;
  @Field(() => String, { nullable: true, description: '管辖属地编码.' }) regionCode: string | null;
  @Field(() => CertificateStatusGql, { nullable: true, description: 'Status now: the issuer\'s, a revocation in the hub, or expiry.' }) status: CertificateStatusGql | null;
  @Field(() => [CertificateField], { nullable: true }) content: CertificateField[] | null;
  @Field(() => String, { nullable: true, description: 'The signed document: a JWS (EdDSA/ES256) over the canonical JSON of metadata and content, sealed with the issuer\'s key (verifyCertificate checks it; seals.json lets anyone check it offline).' })
  document: string | null;
  @Field(() => String, { nullable: true, description: 'The seal key (kid) in /.well-known/sharehub/seals.json.' }) keyId: string | null;
  @Field(() => String, { nullable: true, description: 'When the issuer says the record was current.' }) asOf: string | null;
}

@ObjectType({ description: 'What a certificate document proves now. No token is needed to ask.' })
export class CertificateVerification {
  @Field({ description: 'The seal is a published issuer key\'s and matches the content.' }) signatureValid: boolean;
  @Field({ description: 'The document names a published key, but the content or seal was changed.' }) tampered: boolean;
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field(() => String, { nullable: true }) keyId: string | null;
  @Field(() => CertificateIssuer, { nullable: true }) issuer: CertificateIssuer | null;
  @Field(() => String, { nullable: true }) identifier: string | null;
  @Field(() => Boolean, { nullable: true, description: 'The 证照标识 check character (ISO 7064 MOD 37,36) is right.' }) identifierValid: boolean | null;
  @Field(() => String, { nullable: true }) identifierProblem: string | null;
  @Field(() => CertificateStatusGql, { nullable: true, description: 'Status now (only when the seal is valid): REVOKED if revoked at the issuer or through the hub, EXPIRED past validTo.' })
  status: CertificateStatusGql | null;
  @Field(() => String, { nullable: true }) revokedAt: string | null;
  @Field(() => String, { nullable: true }) typeName: string | null;
  @Field(() => String, { nullable: true }) number: string | null;
  @Field(() => String, { nullable: true }) validTo: string | null;
  @Field(() => String, { nullable: true }) sealedAt: string | null;
}

@ObjectType()
export class CertificateRevocation {
  @Field() identifier: string;
  @Field({ description: 'The issuing department.' }) issuer: string;
  @Field() reason: string;
  @Field() revokedAt: string;
  @Field({ description: 'Who revoked it (department/principal).' }) revokedBy: string;
}

@ObjectType({ description: 'A department\'s seal key (public record).' })
export class SealKeyGql {
  @Field() kid: string;
  @Field() department: string;
  @Field() seq: number;
  @Field() alg: string;
  @Field() validFrom: string;
  @Field(() => String, { nullable: true, description: 'Set once rotated out; still verifies what it sealed.' }) validUntil: string | null;
}
