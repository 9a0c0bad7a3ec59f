import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { Denial } from '../policy/models/access.model.js';
import { SubjectType } from '../common/subject.js';
import { INPUT_MESSAGES } from '../common/validation-messages.js';

@InputType({ description: 'Why the data is needed; recorded with every access.' })
export class PurposeInput {
  @Field({ description: '办件编号: the case this lookup serves.' }) @IsString(INPUT_MESSAGES.caseNo) @Length(1, 64, INPUT_MESSAGES.caseNo) caseNo: string;
  @Field({ description: '办理事项: the service matter, e.g. 不动产转移登记.' }) @IsString(INPUT_MESSAGES.matter) @Length(1, 200, INPUT_MESSAGES.matter) matter: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString(INPUT_MESSAGES.reason) @MaxLength(500, INPUT_MESSAGES.reason) reason?: string | null;
  @Field(() => String, { nullable: true, description: '依据: law or policy.' }) @IsOptional() @IsString(INPUT_MESSAGES.legalBasis) @MaxLength(500, INPUT_MESSAGES.legalBasis) legalBasis?: string | null;
  @Field(() => String, { nullable: true, description: '事项编码: the matter\'s code in the matter catalogue; required by grants limited to a matter.' })
  @IsOptional()
  @IsString(INPUT_MESSAGES.matterCode)
  @Length(1, 64, INPUT_MESSAGES.matterCode)
  matterCode?: string | null;
  @Field(() => String, { nullable: true, description: '授权书编号: the applicant\'s signed authorization; under a matter grant, items of the highest sensitivity need it (else CONSENT_REQUIRED).' })
  @IsOptional()
  @IsString(INPUT_MESSAGES.consentRef)
  @Length(1, 200, INPUT_MESSAGES.consentRef)
  consentRef?: string | null;
}

@InputType()
export class ClaimInput {
  @Field() @IsString() @MaxLength(32) itemCode: string;
  @Field({ description: 'The value the applicant claims; compared inside the hub, never echoed.' }) @IsString() @MaxLength(1000) value: string;
}

@ObjectType()
export class SubjectRef {
  @Field(() => SubjectType) type: SubjectType;
  @Field({ description: 'The identifier, masked (330106********1236).' }) maskedId: string;
}

@ObjectType({ description: 'One released data item value.' })
export class ItemValue {
  @Field() itemCode: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) value: string | null;
  @Field() resourceCode: string;
  @Field({ description: 'The providing department.' }) department: string;
  @Field({ description: 'When the source says the value was current.' }) asOf: string;
  @Field({ description: 'Masked by the item\'s mask rule (the grant is not unmasked).' }) masked: boolean;
}


@ObjectType({ description: 'A resource whose source could not answer; the others still did.' })
export class SourceFailureGql {
  @Field() resourceCode: string;
  @Field({ description: 'SOURCE_UNAVAILABLE or SOURCE_ERROR.' }) code: string;
  @Field() message: string;
}

@ObjectType()
export class LookupResult {
  @Field() requestId: string;
  @Field(() => SubjectRef) subject: SubjectRef;
  @Field(() => [ItemValue]) values: ItemValue[];
  @Field(() => [Denial], { description: 'Items refused for this subject, with the decision point\'s reason.' }) denied: Denial[];
  @Field(() => [SourceFailureGql]) failures: SourceFailureGql[];
  @Field(() => [String], { description: 'Resources whose source has no record of this subject.' }) notFound: string[];
  @Field({ description: 'Disclosure receipt: the claims, their Merkle inclusion path and the hub-signed batch head (JWS, ES256); verifyReceipt checks it (docs/keys.md, Receipts).' }) receipt: string;
}

@ObjectType()
export class ClaimResult {
  @Field() itemCode: string;
  @Field() match: boolean;
}

@ObjectType()
export class VerificationResult {
  @Field() requestId: string;
  @Field(() => SubjectRef) subject: SubjectRef;
  @Field(() => [ClaimResult]) results: ClaimResult[];
  @Field(() => [Denial], { description: 'Items refused for this subject, with the decision point\'s reason.' }) denied: Denial[];
  @Field(() => [SourceFailureGql]) failures: SourceFailureGql[];
  @Field(() => [String]) notFound: string[];
}

@ObjectType()
export class ReceiptItem {
  @Field() itemCode: string;
  @Field() asOf: string;
}

@ObjectType()
export class ReceiptVerification {
  @Field() valid: boolean;
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field(() => String, { nullable: true }) requestId: string | null;
  @Field(() => String, { nullable: true }) consumerDept: string | null;
  @Field(() => String, { nullable: true }) subjectHash: string | null;
  @Field(() => [ReceiptItem], { nullable: true }) items: ReceiptItem[] | null;
  @Field(() => String, { nullable: true }) issuedAt: string | null;
  @Field(() => String, { nullable: true }) keyId: string | null;
}
