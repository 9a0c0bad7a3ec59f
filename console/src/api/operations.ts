import { graphql } from '../gql';

// Every operation the console sends, typed by @graphql-codegen against schema.graphql.

export const DepartmentsQuery = graphql(`
  query Departments($kind: DepartmentKind) {
    departments(kind: $kind) { code name shortName kind kindLabel level levelLabel regionName enabled }
  }
`);

export const DepartmentQuery = graphql(`
  query Department($code: String!) {
    department(code: $code) { code name shortName kindLabel levelLabel }
  }
`);

export const CatalogStatsQuery = graphql(`
  query CatalogStats {
    catalogStats { departments providers resources dataItems byShareType { shareType shareTypeLabel resources dataItems } }
  }
`);

export const ResourcesQuery = graphql(`
  query Resources($filter: ResourceFilter, $first: Int, $after: String) {
    resources(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          code name providerCode provider { shortName } shareType shareTypeLabel shareMethodLabel
          subjectTypeLabel statusLabel itemCount version updateCycleLabel
          items { sensitivity }
        }
      }
    }
  }
`);

export const ResourceQuery = graphql(`
  query Resource($code: String!) {
    resource(code: $code) {
      code name summary providerCode provider { name } shareTypeLabel shareCondition shareMethodLabel formatLabel
      subjectTypeLabel statusLabel updateCycleLabel publishedAt version openToPublic
      category { code path }
      items { code name dataTypeLabel length sensitivity sensitivityLabel maskRuleLabel description }
      versions { version publishedAt recordedAt name status items { code name sensitivity } }
    }
  }
`);

export const ApplicationsQuery = graphql(`
  query Applications($filter: ApplicationFilterInput, $first: Int, $after: String) {
    accessApplications(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id applicant applicantName consumerDept providerDept purpose legalBasis scope unmasked status
          submittedAt dueAt overdue validUntil decidedAt decidedBy decisionReason
          items { itemCode decision }
        }
      }
    }
  }
`);

export const ReviewApplicationMutation = graphql(`
  mutation ReviewApplication($input: ReviewAccessApplicationInput!) {
    reviewAccessApplication(input: $input) { id status decisionReason decidedAt items { itemCode decision } }
  }
`);

export const ApplyForAccessMutation = graphql(`
  mutation ApplyForAccess($input: ApplyForAccessInput!) {
    applyForAccess(input: $input) { id providerDept status dueAt items { itemCode decision } }
  }
`);

export const GrantsQuery = graphql(`
  query Grants($filter: GrantFilterInput, $first: Int, $after: String) {
    grants(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id itemCode consumerDept providerDept scope unmasked purpose matterCode dailyQuota validFrom validUntil
          active revokedAt revokedBy revokeReason grantedBy applicationId
        }
      }
    }
  }
`);

export const GrantAccessMutation = graphql(`
  mutation GrantAccess($input: GrantAccessInput!) {
    grantAccess(input: $input) { id itemCode consumerDept validUntil dailyQuota }
  }
`);

export const RevokeGrantMutation = graphql(`
  mutation RevokeGrant($id: ID!, $reason: String!) {
    revokeGrant(id: $id, reason: $reason) { id active revokedAt revokeReason }
  }
`);

export const SourceHealthQuery = graphql(`
  query SourceHealth {
    sourceHealth { source resources breaker calls failures errorRate lastErrorAt lastError }
  }
`);

export const CertificateTypesQuery = graphql(`
  query CertificateTypes {
    certificateTypes { typeCode name resourceCode issuer issuerName holderType status }
  }
`);

export const RevokeCertificateMutation = graphql(`
  mutation RevokeCertificate($identifier: String!, $reason: String!) {
    revokeCertificate(identifier: $identifier, reason: $reason) { identifier issuer reason revokedAt revokedBy }
  }
`);


export const AuditEventsQuery = graphql(`
  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id kind time outcome consumerDept principalSub principalName caseNo matter subjectMasked subjectType
          itemsRequested itemsReleased itemsDenied { itemCode reason } errorCode latencyMs leafIndex leafHash requestId
          action target reason
        }
      }
    }
  }
`);

export const SubjectAccessLogQuery = graphql(`
  query SubjectAccessLog($subject: SubjectInput!, $first: Int, $after: String) {
    subjectAccessLog(subject: $subject, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id kind time outcome consumerDept principalSub principalName caseNo matter subjectMasked
          itemsReleased itemsDenied { itemCode reason } leafIndex leafHash requestId
        }
      }
    }
  }
`);

export const AuditAlertsQuery = graphql(`
  query AuditAlerts($from: DateTime, $to: DateTime, $first: Int, $after: String) {
    auditAlerts(from: $from, to: $to, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id rule raisedAt windowStart windowEnd consumerDept principalSub subjectMasked observed threshold
          acknowledgedAt acknowledgedBy acknowledgementNote
        }
      }
    }
  }
`);

export const AcknowledgeAlertMutation = graphql(`
  mutation AcknowledgeAlert($id: ID!, $note: String!) {
    acknowledgeAuditAlert(id: $id, note: $note) { id acknowledgedAt acknowledgedBy acknowledgementNote }
  }
`);

export const AuditStatsQuery = graphql(`
  query AuditStats($from: DateTime!, $to: DateTime!, $groupBy: AuditStatsGroupBy!) {
    auditStats(from: $from, to: $to, groupBy: $groupBy) { key events ok denied error partial distinctSubjects }
  }
`);

export const AuditCheckpointQuery = graphql(`
  query AuditCheckpoint {
    auditCheckpoint { treeSize rootHash timestamp keyId publicKey signature signedPayload jws }
  }
`);

export const AuditProofQuery = graphql(`
  query AuditProof($eventId: ID!) {
    auditProof(eventId: $eventId) {
      eventId leafIndex treeSize leafHash rootHash path
      checkpoint { treeSize rootHash timestamp keyId publicKey signature signedPayload jws }
    }
  }
`);

export const MyAccessQuery = graphql(`
  query MyAccess {
    myAccess { resourceCode resourceName providerDept items { itemCode itemName scope validUntil } }
  }
`);

export const LookupQuery = graphql(`
  query Lookup($subject: SubjectInput!, $itemCodes: [String!]!, $purpose: PurposeInput!) {
    lookup(subject: $subject, itemCodes: $itemCodes, purpose: $purpose) {
      requestId receipt
      subject { maskedId type }
      values { itemCode name value department asOf masked }
      denied { itemCode reason }
      notFound
      failures { resourceCode code message }
    }
  }
`);

export const VerifyQuery = graphql(`
  query Verify($subject: SubjectInput!, $claims: [ClaimInput!]!, $purpose: PurposeInput!) {
    verify(subject: $subject, claims: $claims, purpose: $purpose) {
      requestId
      subject { maskedId }
      results { itemCode match }
      denied { itemCode reason }
      notFound
      failures { resourceCode code message }
    }
  }
`);

export const CertificatesQuery = graphql(`
  query Certificates($holder: SubjectInput!, $purpose: PurposeInput!, $types: [String!]) {
    certificates(holder: $holder, purpose: $purpose, types: $types) {
      typeCode typeName delivery reason message identifier number status issuedOn validTo
      issuer { name department }
      holder { name code }
      content { name value }
    }
  }
`);

export const MattersQuery = graphql(`
  query Matters($filter: MatterFilterInput, $first: Int, $after: String) {
    matters(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { code name departmentName bundle applicantType category } }
    }
  }
`);

export const MatterQuery = graphql(`
  query Matter($code: String!) {
    matter(code: $code) {
      code name departmentName legalBasis applicantType bundle category departments
      materials { code name kind role required provider itemCodes certificateType note access { fetchable reason consentItems } }
    }
  }
`);

export const PrepareCaseMutation = graphql(`
  mutation PrepareCase($input: PrepareCaseInput!) {
    prepareCase(input: $input) {
      caseId caseNo createdAt exempted mustSubmit latencyMs materialListUrl receipt
      applicant { maskedId }
      matter { code name }
      materials {
        code name kind role required status reason message department derivedFrom requestId fileUrl
        subject { maskedId }
        values { itemCode name value masked }
        certificate { identifier number typeName status validTo issuer { name } }
      }
    }
  }
`);

export const CaseRecordQuery = graphql(`
  query CaseRecord($caseId: String!) {
    case(caseId: $caseId) {
      caseId caseNo consumerDept clerk applicantMasked consentGiven createdAt latencyMs exempted mustSubmit receiptHash materialListUrl
      matter { code name }
      materials { code name kind role required status reason message department subjectMasked derivedFrom requestId certificateIdentifier }
    }
  }
`);

export const GrantMatterMutation = graphql(`
  mutation GrantMatter($consumerDept: String!, $matterCode: String!, $validUntil: DateTime!, $dailyQuota: Int) {
    grantMatter(consumerDept: $consumerDept, matterCode: $matterCode, validUntil: $validUntil, dailyQuota: $dailyQuota) {
      matterCode consumerDept itemCodes validUntil dailyQuota
    }
  }
`);

export const MatterStatsQuery = graphql(`
  query MatterStats($from: DateTime!, $to: DateTime!, $groupBy: MatterStatsGroupBy) {
    matterStats(from: $from, to: $to, groupBy: $groupBy) {
      total { cases exempted mustSubmit exemptionRate latencyP50 latencyP95 }
      groups { key label cases exempted mustSubmit exemptionRate latencyP50 latencyP95 failures { department count } }
    }
  }
`);
