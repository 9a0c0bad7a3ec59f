/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Departments($kind: DepartmentKind) {\n    departments(kind: $kind) { code name shortName kind kindLabel level levelLabel regionName enabled }\n  }\n": typeof types.DepartmentsDocument,
    "\n  query Department($code: String!) {\n    department(code: $code) { code name shortName kindLabel levelLabel }\n  }\n": typeof types.DepartmentDocument,
    "\n  query CatalogStats {\n    catalogStats { departments providers resources dataItems byShareType { shareType shareTypeLabel resources dataItems } }\n  }\n": typeof types.CatalogStatsDocument,
    "\n  query Resources($filter: ResourceFilter, $first: Int, $after: String) {\n    resources(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          code name providerCode provider { shortName } shareType shareTypeLabel shareMethodLabel\n          subjectTypeLabel statusLabel itemCount version updateCycleLabel\n          items { sensitivity }\n        }\n      }\n    }\n  }\n": typeof types.ResourcesDocument,
    "\n  query Resource($code: String!) {\n    resource(code: $code) {\n      code name summary providerCode provider { name } shareTypeLabel shareCondition shareMethodLabel formatLabel\n      subjectTypeLabel statusLabel updateCycleLabel publishedAt version openToPublic\n      category { code path }\n      items { code name dataTypeLabel length sensitivity sensitivityLabel maskRuleLabel description }\n      versions { version publishedAt recordedAt name status items { code name sensitivity } }\n    }\n  }\n": typeof types.ResourceDocument,
    "\n  query Applications($filter: ApplicationFilterInput, $first: Int, $after: String) {\n    accessApplications(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id applicant applicantName consumerDept providerDept purpose legalBasis scope unmasked status\n          submittedAt dueAt overdue validUntil decidedAt decidedBy decisionReason\n          items { itemCode decision }\n        }\n      }\n    }\n  }\n": typeof types.ApplicationsDocument,
    "\n  mutation ReviewApplication($input: ReviewAccessApplicationInput!) {\n    reviewAccessApplication(input: $input) { id status decisionReason decidedAt items { itemCode decision } }\n  }\n": typeof types.ReviewApplicationDocument,
    "\n  mutation ApplyForAccess($input: ApplyForAccessInput!) {\n    applyForAccess(input: $input) { id providerDept status dueAt items { itemCode decision } }\n  }\n": typeof types.ApplyForAccessDocument,
    "\n  query Grants($filter: GrantFilterInput, $first: Int, $after: String) {\n    grants(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id itemCode consumerDept providerDept scope unmasked purpose matterCode dailyQuota validFrom validUntil\n          active revokedAt revokedBy revokeReason grantedBy applicationId\n        }\n      }\n    }\n  }\n": typeof types.GrantsDocument,
    "\n  mutation GrantAccess($input: GrantAccessInput!) {\n    grantAccess(input: $input) { id itemCode consumerDept validUntil dailyQuota }\n  }\n": typeof types.GrantAccessDocument,
    "\n  mutation RevokeGrant($id: ID!, $reason: String!) {\n    revokeGrant(id: $id, reason: $reason) { id active revokedAt revokeReason }\n  }\n": typeof types.RevokeGrantDocument,
    "\n  query SourceHealth {\n    sourceHealth { source resources breaker calls failures errorRate lastErrorAt lastError }\n  }\n": typeof types.SourceHealthDocument,
    "\n  query CertificateTypes {\n    certificateTypes { typeCode name resourceCode issuer issuerName holderType status }\n  }\n": typeof types.CertificateTypesDocument,
    "\n  mutation RevokeCertificate($identifier: String!, $reason: String!) {\n    revokeCertificate(identifier: $identifier, reason: $reason) { identifier issuer reason revokedAt revokedBy }\n  }\n": typeof types.RevokeCertificateDocument,
    "\n  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id kind time outcome consumerDept principalSub principalName caseNo matter subjectMasked subjectType\n          itemsRequested itemsReleased itemsDenied { itemCode reason } errorCode latencyMs leafIndex leafHash requestId\n          action target reason\n        }\n      }\n    }\n  }\n": typeof types.AuditEventsDocument,
    "\n  query SubjectAccessLog($subject: SubjectInput!, $first: Int, $after: String) {\n    subjectAccessLog(subject: $subject, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id kind time outcome consumerDept principalSub principalName caseNo matter subjectMasked\n          itemsReleased itemsDenied { itemCode reason } leafIndex leafHash requestId\n        }\n      }\n    }\n  }\n": typeof types.SubjectAccessLogDocument,
    "\n  query AuditAlerts($from: DateTime, $to: DateTime, $first: Int, $after: String) {\n    auditAlerts(from: $from, to: $to, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id rule raisedAt windowStart windowEnd consumerDept principalSub subjectMasked observed threshold\n          acknowledgedAt acknowledgedBy acknowledgementNote\n        }\n      }\n    }\n  }\n": typeof types.AuditAlertsDocument,
    "\n  mutation AcknowledgeAlert($id: ID!, $note: String!) {\n    acknowledgeAuditAlert(id: $id, note: $note) { id acknowledgedAt acknowledgedBy acknowledgementNote }\n  }\n": typeof types.AcknowledgeAlertDocument,
    "\n  query AuditStats($from: DateTime!, $to: DateTime!, $groupBy: AuditStatsGroupBy!) {\n    auditStats(from: $from, to: $to, groupBy: $groupBy) { key events ok denied error partial distinctSubjects }\n  }\n": typeof types.AuditStatsDocument,
    "\n  query AuditCheckpoint {\n    auditCheckpoint { treeSize rootHash timestamp keyId publicKey signature signedPayload jws }\n  }\n": typeof types.AuditCheckpointDocument,
    "\n  query AuditProof($eventId: ID!) {\n    auditProof(eventId: $eventId) {\n      eventId leafIndex treeSize leafHash rootHash path\n      checkpoint { treeSize rootHash timestamp keyId publicKey signature signedPayload jws }\n    }\n  }\n": typeof types.AuditProofDocument,
    "\n  query MyAccess {\n    myAccess { resourceCode resourceName providerDept items { itemCode itemName scope validUntil } }\n  }\n": typeof types.MyAccessDocument,
    "\n  query Lookup($subject: SubjectInput!, $itemCodes: [String!]!, $purpose: PurposeInput!) {\n    lookup(subject: $subject, itemCodes: $itemCodes, purpose: $purpose) {\n      requestId receipt\n      subject { maskedId type }\n      values { itemCode name value department asOf masked }\n      denied { itemCode reason }\n      notFound\n      failures { resourceCode code message }\n    }\n  }\n": typeof types.LookupDocument,
    "\n  query Verify($subject: SubjectInput!, $claims: [ClaimInput!]!, $purpose: PurposeInput!) {\n    verify(subject: $subject, claims: $claims, purpose: $purpose) {\n      requestId\n      subject { maskedId }\n      results { itemCode match }\n      denied { itemCode reason }\n      notFound\n      failures { resourceCode code message }\n    }\n  }\n": typeof types.VerifyDocument,
    "\n  query Certificates($holder: SubjectInput!, $purpose: PurposeInput!, $types: [String!]) {\n    certificates(holder: $holder, purpose: $purpose, types: $types) {\n      typeCode typeName delivery reason message identifier number status issuedOn validTo\n      issuer { name department }\n      holder { name code }\n      content { name value }\n    }\n  }\n": typeof types.CertificatesDocument,
    "\n  query Matters($filter: MatterFilterInput, $first: Int, $after: String) {\n    matters(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { code name departmentName bundle applicantType category } }\n    }\n  }\n": typeof types.MattersDocument,
    "\n  query Matter($code: String!) {\n    matter(code: $code) {\n      code name departmentName legalBasis applicantType bundle category departments\n      materials { code name kind role required provider itemCodes certificateType note access { fetchable reason consentItems } }\n    }\n  }\n": typeof types.MatterDocument,
    "\n  mutation PrepareCase($input: PrepareCaseInput!) {\n    prepareCase(input: $input) {\n      caseId caseNo createdAt exempted mustSubmit latencyMs materialListUrl receipt\n      applicant { maskedId }\n      matter { code name }\n      materials {\n        code name kind role required status reason message department derivedFrom requestId fileUrl\n        subject { maskedId }\n        values { itemCode name value masked }\n        certificate { identifier number typeName status validTo issuer { name } }\n      }\n    }\n  }\n": typeof types.PrepareCaseDocument,
    "\n  mutation GrantMatter($consumerDept: String!, $matterCode: String!, $validUntil: DateTime!, $dailyQuota: Int) {\n    grantMatter(consumerDept: $consumerDept, matterCode: $matterCode, validUntil: $validUntil, dailyQuota: $dailyQuota) {\n      matterCode consumerDept itemCodes validUntil dailyQuota\n    }\n  }\n": typeof types.GrantMatterDocument,
    "\n  query MatterStats($from: DateTime!, $to: DateTime!, $groupBy: MatterStatsGroupBy) {\n    matterStats(from: $from, to: $to, groupBy: $groupBy) {\n      total { cases exempted mustSubmit exemptionRate latencyP50 latencyP95 }\n      groups { key label cases exempted mustSubmit exemptionRate latencyP50 latencyP95 failures { department count } }\n    }\n  }\n": typeof types.MatterStatsDocument,
};
const documents: Documents = {
    "\n  query Departments($kind: DepartmentKind) {\n    departments(kind: $kind) { code name shortName kind kindLabel level levelLabel regionName enabled }\n  }\n": types.DepartmentsDocument,
    "\n  query Department($code: String!) {\n    department(code: $code) { code name shortName kindLabel levelLabel }\n  }\n": types.DepartmentDocument,
    "\n  query CatalogStats {\n    catalogStats { departments providers resources dataItems byShareType { shareType shareTypeLabel resources dataItems } }\n  }\n": types.CatalogStatsDocument,
    "\n  query Resources($filter: ResourceFilter, $first: Int, $after: String) {\n    resources(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          code name providerCode provider { shortName } shareType shareTypeLabel shareMethodLabel\n          subjectTypeLabel statusLabel itemCount version updateCycleLabel\n          items { sensitivity }\n        }\n      }\n    }\n  }\n": types.ResourcesDocument,
    "\n  query Resource($code: String!) {\n    resource(code: $code) {\n      code name summary providerCode provider { name } shareTypeLabel shareCondition shareMethodLabel formatLabel\n      subjectTypeLabel statusLabel updateCycleLabel publishedAt version openToPublic\n      category { code path }\n      items { code name dataTypeLabel length sensitivity sensitivityLabel maskRuleLabel description }\n      versions { version publishedAt recordedAt name status items { code name sensitivity } }\n    }\n  }\n": types.ResourceDocument,
    "\n  query Applications($filter: ApplicationFilterInput, $first: Int, $after: String) {\n    accessApplications(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id applicant applicantName consumerDept providerDept purpose legalBasis scope unmasked status\n          submittedAt dueAt overdue validUntil decidedAt decidedBy decisionReason\n          items { itemCode decision }\n        }\n      }\n    }\n  }\n": types.ApplicationsDocument,
    "\n  mutation ReviewApplication($input: ReviewAccessApplicationInput!) {\n    reviewAccessApplication(input: $input) { id status decisionReason decidedAt items { itemCode decision } }\n  }\n": types.ReviewApplicationDocument,
    "\n  mutation ApplyForAccess($input: ApplyForAccessInput!) {\n    applyForAccess(input: $input) { id providerDept status dueAt items { itemCode decision } }\n  }\n": types.ApplyForAccessDocument,
    "\n  query Grants($filter: GrantFilterInput, $first: Int, $after: String) {\n    grants(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id itemCode consumerDept providerDept scope unmasked purpose matterCode dailyQuota validFrom validUntil\n          active revokedAt revokedBy revokeReason grantedBy applicationId\n        }\n      }\n    }\n  }\n": types.GrantsDocument,
    "\n  mutation GrantAccess($input: GrantAccessInput!) {\n    grantAccess(input: $input) { id itemCode consumerDept validUntil dailyQuota }\n  }\n": types.GrantAccessDocument,
    "\n  mutation RevokeGrant($id: ID!, $reason: String!) {\n    revokeGrant(id: $id, reason: $reason) { id active revokedAt revokeReason }\n  }\n": types.RevokeGrantDocument,
    "\n  query SourceHealth {\n    sourceHealth { source resources breaker calls failures errorRate lastErrorAt lastError }\n  }\n": types.SourceHealthDocument,
    "\n  query CertificateTypes {\n    certificateTypes { typeCode name resourceCode issuer issuerName holderType status }\n  }\n": types.CertificateTypesDocument,
    "\n  mutation RevokeCertificate($identifier: String!, $reason: String!) {\n    revokeCertificate(identifier: $identifier, reason: $reason) { identifier issuer reason revokedAt revokedBy }\n  }\n": types.RevokeCertificateDocument,
    "\n  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id kind time outcome consumerDept principalSub principalName caseNo matter subjectMasked subjectType\n          itemsRequested itemsReleased itemsDenied { itemCode reason } errorCode latencyMs leafIndex leafHash requestId\n          action target reason\n        }\n      }\n    }\n  }\n": types.AuditEventsDocument,
    "\n  query SubjectAccessLog($subject: SubjectInput!, $first: Int, $after: String) {\n    subjectAccessLog(subject: $subject, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id kind time outcome consumerDept principalSub principalName caseNo matter subjectMasked\n          itemsReleased itemsDenied { itemCode reason } leafIndex leafHash requestId\n        }\n      }\n    }\n  }\n": types.SubjectAccessLogDocument,
    "\n  query AuditAlerts($from: DateTime, $to: DateTime, $first: Int, $after: String) {\n    auditAlerts(from: $from, to: $to, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id rule raisedAt windowStart windowEnd consumerDept principalSub subjectMasked observed threshold\n          acknowledgedAt acknowledgedBy acknowledgementNote\n        }\n      }\n    }\n  }\n": types.AuditAlertsDocument,
    "\n  mutation AcknowledgeAlert($id: ID!, $note: String!) {\n    acknowledgeAuditAlert(id: $id, note: $note) { id acknowledgedAt acknowledgedBy acknowledgementNote }\n  }\n": types.AcknowledgeAlertDocument,
    "\n  query AuditStats($from: DateTime!, $to: DateTime!, $groupBy: AuditStatsGroupBy!) {\n    auditStats(from: $from, to: $to, groupBy: $groupBy) { key events ok denied error partial distinctSubjects }\n  }\n": types.AuditStatsDocument,
    "\n  query AuditCheckpoint {\n    auditCheckpoint { treeSize rootHash timestamp keyId publicKey signature signedPayload jws }\n  }\n": types.AuditCheckpointDocument,
    "\n  query AuditProof($eventId: ID!) {\n    auditProof(eventId: $eventId) {\n      eventId leafIndex treeSize leafHash rootHash path\n      checkpoint { treeSize rootHash timestamp keyId publicKey signature signedPayload jws }\n    }\n  }\n": types.AuditProofDocument,
    "\n  query MyAccess {\n    myAccess { resourceCode resourceName providerDept items { itemCode itemName scope validUntil } }\n  }\n": types.MyAccessDocument,
    "\n  query Lookup($subject: SubjectInput!, $itemCodes: [String!]!, $purpose: PurposeInput!) {\n    lookup(subject: $subject, itemCodes: $itemCodes, purpose: $purpose) {\n      requestId receipt\n      subject { maskedId type }\n      values { itemCode name value department asOf masked }\n      denied { itemCode reason }\n      notFound\n      failures { resourceCode code message }\n    }\n  }\n": types.LookupDocument,
    "\n  query Verify($subject: SubjectInput!, $claims: [ClaimInput!]!, $purpose: PurposeInput!) {\n    verify(subject: $subject, claims: $claims, purpose: $purpose) {\n      requestId\n      subject { maskedId }\n      results { itemCode match }\n      denied { itemCode reason }\n      notFound\n      failures { resourceCode code message }\n    }\n  }\n": types.VerifyDocument,
    "\n  query Certificates($holder: SubjectInput!, $purpose: PurposeInput!, $types: [String!]) {\n    certificates(holder: $holder, purpose: $purpose, types: $types) {\n      typeCode typeName delivery reason message identifier number status issuedOn validTo\n      issuer { name department }\n      holder { name code }\n      content { name value }\n    }\n  }\n": types.CertificatesDocument,
    "\n  query Matters($filter: MatterFilterInput, $first: Int, $after: String) {\n    matters(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { code name departmentName bundle applicantType category } }\n    }\n  }\n": types.MattersDocument,
    "\n  query Matter($code: String!) {\n    matter(code: $code) {\n      code name departmentName legalBasis applicantType bundle category departments\n      materials { code name kind role required provider itemCodes certificateType note access { fetchable reason consentItems } }\n    }\n  }\n": types.MatterDocument,
    "\n  mutation PrepareCase($input: PrepareCaseInput!) {\n    prepareCase(input: $input) {\n      caseId caseNo createdAt exempted mustSubmit latencyMs materialListUrl receipt\n      applicant { maskedId }\n      matter { code name }\n      materials {\n        code name kind role required status reason message department derivedFrom requestId fileUrl\n        subject { maskedId }\n        values { itemCode name value masked }\n        certificate { identifier number typeName status validTo issuer { name } }\n      }\n    }\n  }\n": types.PrepareCaseDocument,
    "\n  mutation GrantMatter($consumerDept: String!, $matterCode: String!, $validUntil: DateTime!, $dailyQuota: Int) {\n    grantMatter(consumerDept: $consumerDept, matterCode: $matterCode, validUntil: $validUntil, dailyQuota: $dailyQuota) {\n      matterCode consumerDept itemCodes validUntil dailyQuota\n    }\n  }\n": types.GrantMatterDocument,
    "\n  query MatterStats($from: DateTime!, $to: DateTime!, $groupBy: MatterStatsGroupBy) {\n    matterStats(from: $from, to: $to, groupBy: $groupBy) {\n      total { cases exempted mustSubmit exemptionRate latencyP50 latencyP95 }\n      groups { key label cases exempted mustSubmit exemptionRate latencyP50 latencyP95 failures { department count } }\n    }\n  }\n": types.MatterStatsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Departments($kind: DepartmentKind) {\n    departments(kind: $kind) { code name shortName kind kindLabel level levelLabel regionName enabled }\n  }\n"): (typeof documents)["\n  query Departments($kind: DepartmentKind) {\n    departments(kind: $kind) { code name shortName kind kindLabel level levelLabel regionName enabled }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Department($code: String!) {\n    department(code: $code) { code name shortName kindLabel levelLabel }\n  }\n"): (typeof documents)["\n  query Department($code: String!) {\n    department(code: $code) { code name shortName kindLabel levelLabel }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CatalogStats {\n    catalogStats { departments providers resources dataItems byShareType { shareType shareTypeLabel resources dataItems } }\n  }\n"): (typeof documents)["\n  query CatalogStats {\n    catalogStats { departments providers resources dataItems byShareType { shareType shareTypeLabel resources dataItems } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Resources($filter: ResourceFilter, $first: Int, $after: String) {\n    resources(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          code name providerCode provider { shortName } shareType shareTypeLabel shareMethodLabel\n          subjectTypeLabel statusLabel itemCount version updateCycleLabel\n          items { sensitivity }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Resources($filter: ResourceFilter, $first: Int, $after: String) {\n    resources(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          code name providerCode provider { shortName } shareType shareTypeLabel shareMethodLabel\n          subjectTypeLabel statusLabel itemCount version updateCycleLabel\n          items { sensitivity }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Resource($code: String!) {\n    resource(code: $code) {\n      code name summary providerCode provider { name } shareTypeLabel shareCondition shareMethodLabel formatLabel\n      subjectTypeLabel statusLabel updateCycleLabel publishedAt version openToPublic\n      category { code path }\n      items { code name dataTypeLabel length sensitivity sensitivityLabel maskRuleLabel description }\n      versions { version publishedAt recordedAt name status items { code name sensitivity } }\n    }\n  }\n"): (typeof documents)["\n  query Resource($code: String!) {\n    resource(code: $code) {\n      code name summary providerCode provider { name } shareTypeLabel shareCondition shareMethodLabel formatLabel\n      subjectTypeLabel statusLabel updateCycleLabel publishedAt version openToPublic\n      category { code path }\n      items { code name dataTypeLabel length sensitivity sensitivityLabel maskRuleLabel description }\n      versions { version publishedAt recordedAt name status items { code name sensitivity } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Applications($filter: ApplicationFilterInput, $first: Int, $after: String) {\n    accessApplications(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id applicant applicantName consumerDept providerDept purpose legalBasis scope unmasked status\n          submittedAt dueAt overdue validUntil decidedAt decidedBy decisionReason\n          items { itemCode decision }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Applications($filter: ApplicationFilterInput, $first: Int, $after: String) {\n    accessApplications(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id applicant applicantName consumerDept providerDept purpose legalBasis scope unmasked status\n          submittedAt dueAt overdue validUntil decidedAt decidedBy decisionReason\n          items { itemCode decision }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReviewApplication($input: ReviewAccessApplicationInput!) {\n    reviewAccessApplication(input: $input) { id status decisionReason decidedAt items { itemCode decision } }\n  }\n"): (typeof documents)["\n  mutation ReviewApplication($input: ReviewAccessApplicationInput!) {\n    reviewAccessApplication(input: $input) { id status decisionReason decidedAt items { itemCode decision } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApplyForAccess($input: ApplyForAccessInput!) {\n    applyForAccess(input: $input) { id providerDept status dueAt items { itemCode decision } }\n  }\n"): (typeof documents)["\n  mutation ApplyForAccess($input: ApplyForAccessInput!) {\n    applyForAccess(input: $input) { id providerDept status dueAt items { itemCode decision } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Grants($filter: GrantFilterInput, $first: Int, $after: String) {\n    grants(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id itemCode consumerDept providerDept scope unmasked purpose matterCode dailyQuota validFrom validUntil\n          active revokedAt revokedBy revokeReason grantedBy applicationId\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Grants($filter: GrantFilterInput, $first: Int, $after: String) {\n    grants(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id itemCode consumerDept providerDept scope unmasked purpose matterCode dailyQuota validFrom validUntil\n          active revokedAt revokedBy revokeReason grantedBy applicationId\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation GrantAccess($input: GrantAccessInput!) {\n    grantAccess(input: $input) { id itemCode consumerDept validUntil dailyQuota }\n  }\n"): (typeof documents)["\n  mutation GrantAccess($input: GrantAccessInput!) {\n    grantAccess(input: $input) { id itemCode consumerDept validUntil dailyQuota }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeGrant($id: ID!, $reason: String!) {\n    revokeGrant(id: $id, reason: $reason) { id active revokedAt revokeReason }\n  }\n"): (typeof documents)["\n  mutation RevokeGrant($id: ID!, $reason: String!) {\n    revokeGrant(id: $id, reason: $reason) { id active revokedAt revokeReason }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SourceHealth {\n    sourceHealth { source resources breaker calls failures errorRate lastErrorAt lastError }\n  }\n"): (typeof documents)["\n  query SourceHealth {\n    sourceHealth { source resources breaker calls failures errorRate lastErrorAt lastError }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CertificateTypes {\n    certificateTypes { typeCode name resourceCode issuer issuerName holderType status }\n  }\n"): (typeof documents)["\n  query CertificateTypes {\n    certificateTypes { typeCode name resourceCode issuer issuerName holderType status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeCertificate($identifier: String!, $reason: String!) {\n    revokeCertificate(identifier: $identifier, reason: $reason) { identifier issuer reason revokedAt revokedBy }\n  }\n"): (typeof documents)["\n  mutation RevokeCertificate($identifier: String!, $reason: String!) {\n    revokeCertificate(identifier: $identifier, reason: $reason) { identifier issuer reason revokedAt revokedBy }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id kind time outcome consumerDept principalSub principalName caseNo matter subjectMasked subjectType\n          itemsRequested itemsReleased itemsDenied { itemCode reason } errorCode latencyMs leafIndex leafHash requestId\n          action target reason\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id kind time outcome consumerDept principalSub principalName caseNo matter subjectMasked subjectType\n          itemsRequested itemsReleased itemsDenied { itemCode reason } errorCode latencyMs leafIndex leafHash requestId\n          action target reason\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SubjectAccessLog($subject: SubjectInput!, $first: Int, $after: String) {\n    subjectAccessLog(subject: $subject, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id kind time outcome consumerDept principalSub principalName caseNo matter subjectMasked\n          itemsReleased itemsDenied { itemCode reason } leafIndex leafHash requestId\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SubjectAccessLog($subject: SubjectInput!, $first: Int, $after: String) {\n    subjectAccessLog(subject: $subject, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id kind time outcome consumerDept principalSub principalName caseNo matter subjectMasked\n          itemsReleased itemsDenied { itemCode reason } leafIndex leafHash requestId\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditAlerts($from: DateTime, $to: DateTime, $first: Int, $after: String) {\n    auditAlerts(from: $from, to: $to, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id rule raisedAt windowStart windowEnd consumerDept principalSub subjectMasked observed threshold\n          acknowledgedAt acknowledgedBy acknowledgementNote\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditAlerts($from: DateTime, $to: DateTime, $first: Int, $after: String) {\n    auditAlerts(from: $from, to: $to, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id rule raisedAt windowStart windowEnd consumerDept principalSub subjectMasked observed threshold\n          acknowledgedAt acknowledgedBy acknowledgementNote\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcknowledgeAlert($id: ID!, $note: String!) {\n    acknowledgeAuditAlert(id: $id, note: $note) { id acknowledgedAt acknowledgedBy acknowledgementNote }\n  }\n"): (typeof documents)["\n  mutation AcknowledgeAlert($id: ID!, $note: String!) {\n    acknowledgeAuditAlert(id: $id, note: $note) { id acknowledgedAt acknowledgedBy acknowledgementNote }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditStats($from: DateTime!, $to: DateTime!, $groupBy: AuditStatsGroupBy!) {\n    auditStats(from: $from, to: $to, groupBy: $groupBy) { key events ok denied error partial distinctSubjects }\n  }\n"): (typeof documents)["\n  query AuditStats($from: DateTime!, $to: DateTime!, $groupBy: AuditStatsGroupBy!) {\n    auditStats(from: $from, to: $to, groupBy: $groupBy) { key events ok denied error partial distinctSubjects }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditCheckpoint {\n    auditCheckpoint { treeSize rootHash timestamp keyId publicKey signature signedPayload jws }\n  }\n"): (typeof documents)["\n  query AuditCheckpoint {\n    auditCheckpoint { treeSize rootHash timestamp keyId publicKey signature signedPayload jws }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditProof($eventId: ID!) {\n    auditProof(eventId: $eventId) {\n      eventId leafIndex treeSize leafHash rootHash path\n      checkpoint { treeSize rootHash timestamp keyId publicKey signature signedPayload jws }\n    }\n  }\n"): (typeof documents)["\n  query AuditProof($eventId: ID!) {\n    auditProof(eventId: $eventId) {\n      eventId leafIndex treeSize leafHash rootHash path\n      checkpoint { treeSize rootHash timestamp keyId publicKey signature signedPayload jws }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyAccess {\n    myAccess { resourceCode resourceName providerDept items { itemCode itemName scope validUntil } }\n  }\n"): (typeof documents)["\n  query MyAccess {\n    myAccess { resourceCode resourceName providerDept items { itemCode itemName scope validUntil } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Lookup($subject: SubjectInput!, $itemCodes: [String!]!, $purpose: PurposeInput!) {\n    lookup(subject: $subject, itemCodes: $itemCodes, purpose: $purpose) {\n      requestId receipt\n      subject { maskedId type }\n      values { itemCode name value department asOf masked }\n      denied { itemCode reason }\n      notFound\n      failures { resourceCode code message }\n    }\n  }\n"): (typeof documents)["\n  query Lookup($subject: SubjectInput!, $itemCodes: [String!]!, $purpose: PurposeInput!) {\n    lookup(subject: $subject, itemCodes: $itemCodes, purpose: $purpose) {\n      requestId receipt\n      subject { maskedId type }\n      values { itemCode name value department asOf masked }\n      denied { itemCode reason }\n      notFound\n      failures { resourceCode code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Verify($subject: SubjectInput!, $claims: [ClaimInput!]!, $purpose: PurposeInput!) {\n    verify(subject: $subject, claims: $claims, purpose: $purpose) {\n      requestId\n      subject { maskedId }\n      results { itemCode match }\n      denied { itemCode reason }\n      notFound\n      failures { resourceCode code message }\n    }\n  }\n"): (typeof documents)["\n  query Verify($subject: SubjectInput!, $claims: [ClaimInput!]!, $purpose: PurposeInput!) {\n    verify(subject: $subject, claims: $claims, purpose: $purpose) {\n      requestId\n      subject { maskedId }\n      results { itemCode match }\n      denied { itemCode reason }\n      notFound\n      failures { resourceCode code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Certificates($holder: SubjectInput!, $purpose: PurposeInput!, $types: [String!]) {\n    certificates(holder: $holder, purpose: $purpose, types: $types) {\n      typeCode typeName delivery reason message identifier number status issuedOn validTo\n      issuer { name department }\n      holder { name code }\n      content { name value }\n    }\n  }\n"): (typeof documents)["\n  query Certificates($holder: SubjectInput!, $purpose: PurposeInput!, $types: [String!]) {\n    certificates(holder: $holder, purpose: $purpose, types: $types) {\n      typeCode typeName delivery reason message identifier number status issuedOn validTo\n      issuer { name department }\n      holder { name code }\n      content { name value }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Matters($filter: MatterFilterInput, $first: Int, $after: String) {\n    matters(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { code name departmentName bundle applicantType category } }\n    }\n  }\n"): (typeof documents)["\n  query Matters($filter: MatterFilterInput, $first: Int, $after: String) {\n    matters(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { code name departmentName bundle applicantType category } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Matter($code: String!) {\n    matter(code: $code) {\n      code name departmentName legalBasis applicantType bundle category departments\n      materials { code name kind role required provider itemCodes certificateType note access { fetchable reason consentItems } }\n    }\n  }\n"): (typeof documents)["\n  query Matter($code: String!) {\n    matter(code: $code) {\n      code name departmentName legalBasis applicantType bundle category departments\n      materials { code name kind role required provider itemCodes certificateType note access { fetchable reason consentItems } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PrepareCase($input: PrepareCaseInput!) {\n    prepareCase(input: $input) {\n      caseId caseNo createdAt exempted mustSubmit latencyMs materialListUrl receipt\n      applicant { maskedId }\n      matter { code name }\n      materials {\n        code name kind role required status reason message department derivedFrom requestId fileUrl\n        subject { maskedId }\n        values { itemCode name value masked }\n        certificate { identifier number typeName status validTo issuer { name } }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation PrepareCase($input: PrepareCaseInput!) {\n    prepareCase(input: $input) {\n      caseId caseNo createdAt exempted mustSubmit latencyMs materialListUrl receipt\n      applicant { maskedId }\n      matter { code name }\n      materials {\n        code name kind role required status reason message department derivedFrom requestId fileUrl\n        subject { maskedId }\n        values { itemCode name value masked }\n        certificate { identifier number typeName status validTo issuer { name } }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation GrantMatter($consumerDept: String!, $matterCode: String!, $validUntil: DateTime!, $dailyQuota: Int) {\n    grantMatter(consumerDept: $consumerDept, matterCode: $matterCode, validUntil: $validUntil, dailyQuota: $dailyQuota) {\n      matterCode consumerDept itemCodes validUntil dailyQuota\n    }\n  }\n"): (typeof documents)["\n  mutation GrantMatter($consumerDept: String!, $matterCode: String!, $validUntil: DateTime!, $dailyQuota: Int) {\n    grantMatter(consumerDept: $consumerDept, matterCode: $matterCode, validUntil: $validUntil, dailyQuota: $dailyQuota) {\n      matterCode consumerDept itemCodes validUntil dailyQuota\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MatterStats($from: DateTime!, $to: DateTime!, $groupBy: MatterStatsGroupBy) {\n    matterStats(from: $from, to: $to, groupBy: $groupBy) {\n      total { cases exempted mustSubmit exemptionRate latencyP50 latencyP95 }\n      groups { key label cases exempted mustSubmit exemptionRate latencyP50 latencyP95 failures { department count } }\n    }\n  }\n"): (typeof documents)["\n  query MatterStats($from: DateTime!, $to: DateTime!, $groupBy: MatterStatsGroupBy) {\n    matterStats(from: $from, to: $to, groupBy: $groupBy) {\n      total { cases exempted mustSubmit exemptionRate latencyP50 latencyP95 }\n      groups { key label cases exempted mustSubmit exemptionRate latencyP50 latencyP95 failures { department count } }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;