import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Certificate } from '../../certificates/models/certificate.model.js';
import { ItemValue, SubjectRef } from '../../exchange/exchange.graphql.js';
import { StatsGroupBy } from '../cases.repository.js';
import { MaterialKind, MaterialStatus, SubjectRole } from '../matter.types.js';
import { Matter } from './matter.model.js';

registerEnumType(StatsGroupBy, { name: 'MatterStatsGroupBy', description: 'MATTER: 事项编码; CONSUMER_DEPT: the window department; DAY: China calendar day.' });

@ObjectType({ description: 'One material of a case bundle.' })
export class CaseMaterial {
  @Field() code: string;
  @Field() name: string;
  @Field(() => MaterialKind) kind: MaterialKind;
  @Field(() => SubjectRole) role: SubjectRole;
  @Field() required: boolean;
  @Field(() => MaterialStatus) status: MaterialStatus;
  @Field(() => String, { nullable: true, description: 'DENIED: the policy reason (CONSENT_REQUIRED, PURPOSE_MISMATCH…); FAILED: the source failure (SOURCE_UNAVAILABLE…).' }) reason: string | null;
  @Field(() => String, { nullable: true }) message: string | null;
  @Field(() => String, { nullable: true, description: 'The supplying department.' }) department: string | null;
  @Field(() => SubjectRef, { nullable: true }) subject: SubjectRef | null;
  @Field(() => String, { nullable: true, description: 'How the subject was derived, e.g. 配偶：婚姻登记记录中的另一方（M02）.' }) derivedFrom: string | null;
  @Field(() => String, { nullable: true, description: 'The request id of this material\'s audit event.' }) requestId: string | null;
  @Field(() => [ItemValue], { description: 'DATA: the released values.' }) values: ItemValue[];
  @Field(() => Certificate, { nullable: true, description: 'CERTIFICATE: the sealed certificate.' }) certificate: Certificate | null;
  @Field(() => String, { nullable: true, description: 'CERTIFICATE: the printable copy (GET with the bearer token).' }) fileUrl: string | null;
}

@ObjectType({ description: 'Everything prepareCase obtained for a case, in one answer.' })
export class CaseBundle {
  @Field() caseId: string;
  @Field() caseNo: string;
  @Field(() => Matter) matter: Matter;
  @Field(() => SubjectRef) applicant: SubjectRef;
  @Field(() => [CaseMaterial]) materials: CaseMaterial[];
  @Field(() => Int, { description: 'Materials obtained: the applicant need not bring them (免提交).' }) exempted: number;
  @Field(() => Int, { description: 'Required materials not obtained: the applicant must bring them.' }) mustSubmit: number;
  @Field({ description: 'A disclosure receipt over the whole bundle: requestId is the caseId; verifyReceipt checks it.' }) receipt: string;
  @Field(() => Int) latencyMs: number;
  @Field() createdAt: Date;
  @Field({ description: 'The printable material list (材料清单 PDF).' }) materialListUrl: string;
}

@ObjectType({ description: 'One material of a recorded case: no values, only what happened.' })
export class CaseMaterialRecordGql {
  @Field() code: string;
  @Field() name: string;
  @Field(() => MaterialKind) kind: MaterialKind;
  @Field(() => SubjectRole) role: SubjectRole;
  @Field() required: boolean;
  @Field(() => MaterialStatus) status: MaterialStatus;
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field(() => String, { nullable: true }) message: string | null;
  @Field(() => String, { nullable: true }) department: string | null;
  @Field(() => String, { nullable: true, description: 'The subject, masked.' }) subjectMasked: string | null;
  @Field(() => String, { nullable: true }) derivedFrom: string | null;
  @Field(() => String, { nullable: true }) requestId: string | null;
  @Field(() => String, { nullable: true, description: 'SHA-256 of what was released (canonical values or the sealed document).' }) releasedHash: string | null;
  @Field(() => String, { nullable: true }) certificateIdentifier: string | null;
}

@ObjectType({ description: 'A case as recorded: statuses, departments and times, never values.' })
export class CaseRecordGql {
  @Field() caseId: string;
  @Field() caseNo: string;
  @Field(() => Matter) matter: Matter;
  @Field() consumerDept: string;
  @Field({ description: 'The clerk (token subject).' }) clerk: string;
  @Field() applicantMasked: string;
  @Field() consentGiven: boolean;
  @Field() createdAt: Date;
  @Field(() => Int) latencyMs: number;
  @Field(() => Int) exempted: number;
  @Field(() => Int) mustSubmit: number;
  @Field() receiptHash: string;
  @Field(() => [CaseMaterialRecordGql]) materials: CaseMaterialRecordGql[];
  @Field() materialListUrl: string;
}

@ObjectType()
export class ProviderFailures {
  @Field() department: string;
  @Field(() => Int) count: number;
}

@ObjectType({ description: 'The reform\'s figures for one group.' })
export class MatterStatsGroup {
  @Field({ description: 'The matter code, the consumer department or the day (YYYY-MM-DD, China time).' }) key: string;
  @Field(() => String, { nullable: true, description: 'The matter\'s name (groupBy MATTER).' }) label: string | null;
  @Field(() => Int) cases: number;
  @Field(() => Int) exempted: number;
  @Field(() => Int) mustSubmit: number;
  @Field(() => Float, { nullable: true, description: '免提交率: exempted / (exempted + mustSubmit).' }) exemptionRate: number | null;
  @Field(() => Float, { nullable: true, description: 'Bundle latency, median (ms).' }) latencyP50: number | null;
  @Field(() => Float, { nullable: true, description: 'Bundle latency, 95th percentile (ms).' }) latencyP95: number | null;
  @Field(() => [ProviderFailures], { description: 'Materials FAILED, per providing department.' }) failures: ProviderFailures[];
}

@ObjectType()
export class MatterStats {
  @Field() from: Date;
  @Field() to: Date;
  @Field(() => StatsGroupBy) groupBy: StatsGroupBy;
  @Field(() => [MatterStatsGroup]) groups: MatterStatsGroup[];
  @Field(() => MatterStatsGroup, { description: 'All groups together.' }) total: MatterStatsGroup;
}
