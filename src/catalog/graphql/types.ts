import { Field, GraphQLISODateTime, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PageInfo } from '../../common/page-info.js';
import {
  DATA_TYPE_LABELS,
  DataType,
  DEPARTMENT_KIND_LABELS,
  DEPARTMENT_LEVEL_LABELS,
  DepartmentKind,
  DepartmentLevel,
  FORMAT_LABELS,
  MASK_RULE_LABELS,
  MaskRule,
  RESOURCE_STATUS_LABELS,
  ResourceFormat,
  ResourceStatus,
  SHARE_METHOD_LABELS,
  SHARE_TYPE_LABELS,
  ShareMethod,
  ShareType,
  SUBJECT_TYPE_LABELS,
  SubjectType,
  UPDATE_CYCLE_LABELS,
  UpdateCycle,
} from '../model.js';

function register<T extends Record<string, string>>(enumType: T, name: string, description: string, labels: Record<string, string>): void {
  registerEnumType(enumType, {
    name,
    description,
    valuesMap: Object.fromEntries(Object.keys(enumType).map((key) => [key, { description: labels[key] }])) as Partial<Record<keyof T, { description: string }>>,
  });
}

register(DepartmentKind, 'DepartmentKind', '部门类型', DEPARTMENT_KIND_LABELS);
register(DepartmentLevel, 'DepartmentLevel', '部门层级', DEPARTMENT_LEVEL_LABELS);
register(ResourceFormat, 'ResourceFormat', '信息资源格式', FORMAT_LABELS);
register(ShareType, 'ShareType', '共享类型', SHARE_TYPE_LABELS);
register(ShareMethod, 'ShareMethod', '共享方式', SHARE_METHOD_LABELS);
register(UpdateCycle, 'UpdateCycle', '更新周期', UPDATE_CYCLE_LABELS);
// Named apart from the lookup SubjectType (src/common/subject.ts): a resource may also be about OTHER things.
register(SubjectType, 'ResourceSubjectType', '数据主体类型', SUBJECT_TYPE_LABELS);
register(ResourceStatus, 'ResourceStatus', '信息资源状态', RESOURCE_STATUS_LABELS);
register(DataType, 'DataType', '信息项数据类型', DATA_TYPE_LABELS);
register(MaskRule, 'MaskRule', '脱敏规则', MASK_RULE_LABELS);

@ObjectType('Department', { description: '部门: a provincial unit, city or county department, or the sharing platform.' })
export class DepartmentGql {
  @Field({ description: 'Department code, e.g. ZJ-GAT' }) code: string;
  @Field() name: string;
  @Field() shortName: string;
  @Field(() => DepartmentKind) kind: DepartmentKind;
  @Field({ description: '提供部门 / 使用部门 / 共享主管部门' }) kindLabel: string;
  @Field(() => DepartmentLevel) level: DepartmentLevel;
  @Field({ description: '省级 / 市级 / 县级' }) levelLabel: string;
  @Field({ description: '行政区划代码 (GB/T 2260)' }) regionCode: string;
  @Field({ nullable: true, description: 'Name of the region, e.g. 浙江省' }) regionName?: string;
  @Field({ description: '统一社会信用代码' }) creditCode: string;
  @Field({ description: 'A disabled department cannot call the hub.' }) enabled: boolean;
}

@ObjectType('ResourceCategory', { description: '信息资源分类: 类/项/目(/细目)' })
export class ResourceCategoryGql {
  @Field({ description: 'Classification code, 6 or 8 digits, e.g. 101001' }) code: string;
  @Field(() => [String], { description: 'Labels from 类 down, e.g. [基础, 人口, 户籍]' }) path: string[];
}

@ObjectType('ResourceCertificate', { description: 'The electronic certificate (电子证照) type a resource describes (certificateTypes has the full type).' })
export class CertificateTypeGql {
  @Field({ description: '证照类型代码' }) typeCode: string;
  @Field(() => SubjectType) holderType: SubjectType;
}

@ObjectType('DataItem', { description: '信息项: one field of a resource. Its code stays the same across versions.' })
export class DataItemGql {
  @Field({ description: 'Resource code + "/" + 3-digit sequence, e.g. 101001/000001/001' }) code: string;
  @Field() name: string;
  @Field(() => DataType) dataType: DataType;
  @Field({ description: '字符型, 日期型…' }) dataTypeLabel: string;
  @Field(() => Int, { nullable: true, description: 'Maximum length, where it applies' }) length?: number;
  @Field(() => Int, { description: '1 public … 4 highly sensitive' }) sensitivity: number;
  @Field() sensitivityLabel: string;
  @Field(() => MaskRule) maskRule: MaskRule;
  @Field() maskRuleLabel: string;
  @Field() description: string;
  @Field() resourceCode: string;
  @Field() resourceName: string;
}

@ObjectType('DataItemSnapshot', { description: 'A data item as it was in one version of its resource.' })
export class DataItemSnapshotGql {
  @Field() code: string;
  @Field() name: string;
  @Field(() => DataType) dataType: DataType;
  @Field(() => Int, { nullable: true }) length?: number;
  @Field(() => Int) sensitivity: number;
  @Field(() => MaskRule) maskRule: MaskRule;
  @Field() description: string;
}

@ObjectType('ResourceVersion', { description: 'One published version of a resource, kept readable after later versions.' })
export class ResourceVersionGql {
  @Field(() => Int) version: number;
  @Field({ description: '发布日期 YYYY-MM-DD' }) publishedAt: string;
  @Field(() => GraphQLISODateTime, { description: 'When the hub recorded this version' }) recordedAt: Date;
  @Field(() => ResourceStatus) status: ResourceStatus;
  @Field() name: string;
  @Field() providerCode: string;
  @Field(() => ResourceCategoryGql) category: ResourceCategoryGql;
  @Field() summary: string;
  @Field(() => ResourceFormat) format: ResourceFormat;
  @Field(() => ShareType) shareType: ShareType;
  @Field() shareCondition: string;
  @Field(() => ShareMethod) shareMethod: ShareMethod;
  @Field() openToPublic: boolean;
  @Field(() => String, { nullable: true }) openCondition: string | null;
  @Field(() => UpdateCycle) updateCycle: UpdateCycle;
  @Field(() => [String]) relatedResourceCodes: string[];
  @Field(() => SubjectType) subjectType: SubjectType;
  @Field(() => [DataItemSnapshotGql]) items: DataItemSnapshotGql[];
}

@ObjectType('Resource', { description: '信息资源 (current version), with every 编制指南 field.' })
export class ResourceGql {
  @Field({ description: '信息资源代码: classification code + "/" + 6-digit sequence' }) code: string;
  @Field(() => Int, { description: 'Current version; each change of a published resource adds one' }) version: number;
  @Field({ description: '信息资源名称 (≤ 50 characters)' }) name: string;
  @Field({ description: '提供方代码' }) providerCode: string;
  @Field(() => DepartmentGql, { description: '提供方' }) provider: DepartmentGql;
  @Field(() => ResourceCategoryGql, { description: '信息资源分类' }) category: ResourceCategoryGql;
  @Field({ description: '摘要 (≤ 256 characters)' }) summary: string;
  @Field(() => ResourceFormat, { description: '格式' }) format: ResourceFormat;
  @Field() formatLabel: string;
  @Field(() => ShareType, { description: '共享类型' }) shareType: ShareType;
  @Field() shareTypeLabel: string;
  @Field({ description: '共享条件 (无条件 / the conditions / the legal basis for not sharing)' }) shareCondition: string;
  @Field(() => ShareMethod, { description: '共享方式' }) shareMethod: ShareMethod;
  @Field() shareMethodLabel: string;
  @Field({ description: '是否向社会开放' }) openToPublic: boolean;
  @Field(() => String, { nullable: true, description: '开放条件' }) openCondition: string | null;
  @Field(() => UpdateCycle, { description: '更新周期' }) updateCycle: UpdateCycle;
  @Field() updateCycleLabel: string;
  @Field({ description: '发布日期 YYYY-MM-DD' }) publishedAt: string;
  @Field(() => [String], { description: '关联资源代码' }) relatedResourceCodes: string[];
  @Field(() => SubjectType) subjectType: SubjectType;
  @Field() subjectTypeLabel: string;
  @Field(() => ResourceStatus) status: ResourceStatus;
  @Field() statusLabel: string;
  @Field(() => GraphQLISODateTime, { nullable: true }) retiredAt: Date | null;
  @Field(() => String, { nullable: true }) retireReason: string | null;
  @Field(() => CertificateTypeGql, { nullable: true }) certificate: CertificateTypeGql | null;
  @Field(() => Int) itemCount: number;
  @Field(() => GraphQLISODateTime) updatedAt: Date;
}

@ObjectType('ResourceEdge')
export class ResourceEdgeGql {
  @Field() cursor: string;
  @Field(() => ResourceGql) node: ResourceGql;
}

@ObjectType('ResourceConnection')
export class ResourceConnectionGql {
  @Field(() => [ResourceEdgeGql]) edges: ResourceEdgeGql[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}

@ObjectType('DataItemEdge')
export class DataItemEdgeGql {
  @Field() cursor: string;
  @Field(() => DataItemGql) node: DataItemGql;
}

@ObjectType('DataItemConnection')
export class DataItemConnectionGql {
  @Field(() => [DataItemEdgeGql]) edges: DataItemEdgeGql[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}

@ObjectType('ShareTypeCount')
export class ShareTypeCountGql {
  @Field(() => ShareType) shareType: ShareType;
  @Field() shareTypeLabel: string;
  @Field(() => Int) resources: number;
  @Field(() => Int) dataItems: number;
}

@ObjectType('DepartmentCount')
export class DepartmentCountGql {
  @Field() departmentCode: string;
  @Field() departmentName: string;
  @Field(() => Int) resources: number;
  @Field(() => Int) dataItems: number;
}

@ObjectType('CatalogStats', { description: 'Totals of the catalogue (every status).' })
export class CatalogStatsGql {
  @Field(() => Int) departments: number;
  @Field(() => Int, { description: 'Departments of kind PROVIDER (provincial provider units)' }) providers: number;
  @Field(() => Int) resources: number;
  @Field(() => Int) dataItems: number;
  @Field(() => [ShareTypeCountGql]) byShareType: ShareTypeCountGql[];
  @Field(() => [DepartmentCountGql], { description: 'Per provider department' }) byDepartment: DepartmentCountGql[];
}
