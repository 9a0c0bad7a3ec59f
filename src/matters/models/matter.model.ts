import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { SubjectType } from '../../common/subject.js';
import { PageInfo } from '../../graphql/page-info.js';
import { MaterialKind, MaterialStatus, SubjectRole } from '../matter.types.js';

registerEnumType(MaterialKind, {
  name: 'MaterialKind',
  description: 'DATA: proven by catalogue data items; CERTIFICATE: by an electronic certificate (电子证照) of one type; SUBMIT: only the applicant can provide it (a signed form).',
});
registerEnumType(SubjectRole, {
  name: 'SubjectRole',
  description: 'Whose material it is: the APPLICANT, or a related subject (SPOUSE, CHILD, DECEASED, LEGAL_REPRESENTATIVE, PROPERTY_CO_OWNER, TRANSFEREE).',
});
registerEnumType(MaterialStatus, {
  name: 'MaterialStatus',
  description:
    'OBTAINED: fetched, the applicant need not bring it (免提交). MUST_SUBMIT: only the applicant can provide it, or its subject is unknown. DENIED: refused by the policy (reason). FAILED: the providing department failed (reason: the source failure). NOT_HELD: the department has no such record.',
});

@ObjectType({ description: 'For the calling consumer department: may it fetch this material now (the policy decision point, asked with the matter as purpose).' })
export class MaterialAccessGql {
  @Field() fetchable: boolean;
  @Field(() => String, { nullable: true, description: 'Why not: NO_GRANT, PURPOSE_MISMATCH, EXPIRED, REVOKED, NOT_SHAREABLE…' }) reason: string | null;
  @Field(() => [String], { description: 'Items of the highest sensitivity: prepareCase needs consentRef for them.' }) consentItems: string[];
}

@ObjectType({ description: 'A material (申请材料) a matter requires.' })
export class Material {
  @Field({ description: 'M01, M02… within the matter.' }) code: string;
  @Field() name: string;
  @Field(() => MaterialKind) kind: MaterialKind;
  @Field(() => SubjectRole) role: SubjectRole;
  @Field() required: boolean;
  @Field(() => [String], { description: 'DATA: the catalogue items that prove it.' }) itemCodes: string[];
  @Field(() => String, { nullable: true, description: 'CERTIFICATE: the certificate type (resource code, class 105).' }) certificateType: string | null;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => String, { nullable: true, description: 'The department that holds it (provider of its items or issuer of its certificate).' }) provider: string | null;
  @Field(() => MaterialAccessGql, { nullable: true, description: 'Only for a consumer caller.' }) access: MaterialAccessGql | null;
}

@ObjectType({ description: 'How a related subject is found within a case.' })
export class DerivationGql {
  @Field(() => SubjectRole) role: SubjectRole;
  @Field() fromMaterial: string;
  @Field(() => [String]) itemCodes: string[];
  @Field() label: string;
}

@ObjectType({ description: 'A matter (事项) of the service centre; `bundle` marks a multi-department 一件事.' })
export class Matter {
  @Field({ description: '事项编码, e.g. QR-ZRZYT-001.' }) code: string;
  @Field() name: string;
  @Field({ description: '事项类型: 行政许可, 行政确认, 公共服务, 行政给付, 一件事.' }) category: string;
  @Field() bundle: boolean;
  @Field({ description: 'The department in charge (牵头部门).' }) department: string;
  @Field() departmentName: string;
  @Field(() => SubjectType) applicantType: SubjectType;
  @Field({ description: '设定依据.' }) legalBasis: string;
  @Field(() => [String]) keywords: string[];
  @Field(() => [String], { description: 'Every department holding one of its materials.' }) departments: string[];
  @Field(() => [Material]) materials: Material[];
  @Field(() => [DerivationGql]) derivations: DerivationGql[];
}

@ObjectType()
export class MatterEdge {
  @Field() cursor: string;
  @Field(() => Matter) node: Matter;
}

@ObjectType()
export class MatterConnection {
  @Field(() => [MatterEdge]) edges: MatterEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}

@ObjectType({ description: 'The grants a matter grant created.' })
export class MatterGrant {
  @Field() matterCode: string;
  @Field() consumerDept: string;
  @Field(() => [String]) grantIds: string[];
  @Field(() => [String]) itemCodes: string[];
  @Field() validUntil: Date;
  @Field(() => Int, { nullable: true }) dailyQuota: number | null;
  @Field() unmasked: boolean;
}
