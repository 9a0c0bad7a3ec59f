import { regionName } from '../../common/identifiers/index.js';
import {
  DATA_TYPE_LABELS,
  DEPARTMENT_KIND_LABELS,
  DEPARTMENT_LEVEL_LABELS,
  FORMAT_LABELS,
  MASK_RULE_LABELS,
  RESOURCE_STATUS_LABELS,
  SENSITIVITY_LABELS,
  SHARE_METHOD_LABELS,
  SHARE_TYPE_LABELS,
  SUBJECT_TYPE_LABELS,
  UPDATE_CYCLE_LABELS,
  type Department,
  type ResourceVersionRecord,
  type StoredItem,
  type StoredResource,
} from '../model.js';
import type { DataItemGql, DepartmentGql, ResourceGql, ResourceVersionGql } from './types.js';

export function toDepartmentGql(department: Department): DepartmentGql {
  return {
    ...department,
    kindLabel: DEPARTMENT_KIND_LABELS[department.kind],
    levelLabel: DEPARTMENT_LEVEL_LABELS[department.level],
    regionName: regionName(department.regionCode),
  };
}

export function toResourceGql(resource: StoredResource): ResourceGql {
  return {
    code: resource.code,
    version: resource.version,
    name: resource.name,
    providerCode: resource.providerCode,
    provider: toDepartmentGql(resource.provider),
    category: resource.category,
    summary: resource.summary,
    format: resource.format,
    formatLabel: FORMAT_LABELS[resource.format],
    shareType: resource.shareType,
    shareTypeLabel: SHARE_TYPE_LABELS[resource.shareType],
    shareCondition: resource.shareCondition,
    shareMethod: resource.shareMethod,
    shareMethodLabel: SHARE_METHOD_LABELS[resource.shareMethod],
    openToPublic: resource.openToPublic,
    openCondition: resource.openCondition,
    updateCycle: resource.updateCycle,
    updateCycleLabel: UPDATE_CYCLE_LABELS[resource.updateCycle],
    publishedAt: resource.publishedAt,
    relatedResourceCodes: resource.relatedResourceCodes,
    subjectType: resource.subjectType,
    subjectTypeLabel: SUBJECT_TYPE_LABELS[resource.subjectType],
    status: resource.status,
    statusLabel: RESOURCE_STATUS_LABELS[resource.status],
    retiredAt: resource.retiredAt,
    retireReason: resource.retireReason ?? null,
    certificate: resource.certificate ?? null,
    itemCount: resource.itemCount,
    updatedAt: resource.updatedAt,
  };
}

export function toDataItemGql(item: StoredItem): DataItemGql {
  return {
    code: item.code,
    name: item.name,
    dataType: item.dataType,
    dataTypeLabel: DATA_TYPE_LABELS[item.dataType],
    length: item.length,
    sensitivity: item.sensitivity,
    sensitivityLabel: SENSITIVITY_LABELS[item.sensitivity] ?? String(item.sensitivity),
    maskRule: item.maskRule,
    maskRuleLabel: MASK_RULE_LABELS[item.maskRule] ?? item.maskRule,
    description: item.description,
    resourceCode: item.resourceCode,
    resourceName: item.resourceName,
  };
}

export function toVersionGql(version: ResourceVersionRecord): ResourceVersionGql {
  const snapshot = version.snapshot;
  return {
    version: version.version,
    publishedAt: version.publishedAt,
    recordedAt: version.recordedAt,
    status: snapshot.status,
    name: snapshot.name,
    providerCode: snapshot.providerCode,
    category: snapshot.category,
    summary: snapshot.summary,
    format: snapshot.format,
    shareType: snapshot.shareType,
    shareCondition: snapshot.shareCondition,
    shareMethod: snapshot.shareMethod,
    openToPublic: snapshot.openToPublic,
    openCondition: snapshot.openCondition,
    updateCycle: snapshot.updateCycle,
    relatedResourceCodes: snapshot.relatedResourceCodes,
    subjectType: snapshot.subjectType,
    items: snapshot.items,
  };
}
