import { Role } from '../../src/auth/principal.js';
import { bearer, tokenFor } from '../support/auth.js';
import { startTestHub, type TestHub } from '../support/hub.js';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const FUTURE = new Date(Date.now() + 86_400_000).toISOString();

/**
 * The README's role × operation matrix, walked: each cell either passes the role check (the
 * operation then fails or succeeds on its own terms) or is refused FORBIDDEN / UNAUTHENTICATED.
 * Operations are sent with harmless arguments (unknown ids) so passing the check changes nothing.
 */
const OPERATIONS: { name: string; query: string; allowed: Role[] | 'any' }[] = [
  { name: 'catalogue read', query: '{ departments { code } }', allowed: 'any' },
  { name: 'catalogue publish (retire)', query: 'mutation { retireResource(code: "999999/000001", reason: "测试") { code } }', allowed: [Role.ADMIN] },
  {
    name: 'apply for access',
    query: `mutation { applyForAccess(input: { itemCodes: ["999999/000001/001"], purpose: "测试", legalBasis: "测试", validUntil: "${FUTURE}" }) { id } }`,
    allowed: [Role.CONSUMER],
  },
  { name: 'review application', query: `mutation { reviewAccessApplication(input: { id: "${UNKNOWN_ID}", decision: APPROVE }) { id } }`, allowed: [Role.PROVIDER, Role.ADMIN] },
  { name: 'list applications', query: '{ accessApplications { totalCount } }', allowed: 'any' },
  { name: 'list grants', query: '{ grants { totalCount } }', allowed: 'any' },
  {
    name: 'grant directly',
    query: `mutation { grantAccess(input: { consumerDept: "HZ-XZFWZX", itemCodes: ["999999/000001/001"], purpose: "测试", validUntil: "${FUTURE}" }) { id } }`,
    allowed: [Role.ADMIN],
  },
  { name: 'revoke grant', query: `mutation { revokeGrant(id: "${UNKNOWN_ID}", reason: "测试") { id } }`, allowed: [Role.PROVIDER, Role.ADMIN] },
  { name: 'my access', query: '{ myAccess { resourceCode } }', allowed: 'any' },
  { name: 'check access', query: '{ checkAccess(itemCodes: ["999999/000001/001"]) { allowed } }', allowed: [Role.CONSUMER] },
  { name: 'department enable/disable', query: 'mutation { setDepartmentEnabled(code: "NO-SUCH-DEPT", enabled: true, reason: "测试") { code } }', allowed: [Role.ADMIN] },
  { name: 'bind sources', query: 'mutation { bindSources(bindingsJson: "[]") }', allowed: [Role.ADMIN] },
  {
    name: 'fetch certificates',
    query: 'query { certificates(holder: { type: LEGAL_ENTITY, id: "91330106MA27ABC166" }, types: ["10500201/000001"], purpose: { caseNo: "C-1", matter: "测试" }) { delivery } }',
    allowed: [Role.CONSUMER],
  },
  { name: 'revoke certificate', query: 'mutation { revokeCertificate(identifier: "1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0", reason: "测试") { identifier } }', allowed: [Role.PROVIDER, Role.ADMIN] },
  { name: 'audit query', query: '{ auditEvents(first: 1) { edges { cursor } } }', allowed: [Role.AUDITOR] },
];

describe('role × operation matrix', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({}, { seedCatalog: true });
  });
  afterAll(() => hub.close());

  const cells = OPERATIONS.flatMap((operation) => Object.values(Role).map((role) => ({ operation, role })));

  it.each(cells)('$operation.name as $role', async ({ operation, role }) => {
    const token = tokenFor(hub, { dept: role === Role.PROVIDER ? 'ZJ-GAT' : role === Role.CONSUMER ? 'HZ-XZFWZX' : 'ZJ-DSJJ', roles: [role] });
    const response = await hub.gql(operation.query, {}, bearer(token));
    const code = response.body.errors?.[0]?.extensions?.code;
    const allowed = operation.allowed === 'any' || operation.allowed.includes(role);
    if (allowed) expect(code === 'FORBIDDEN' || code === 'UNAUTHENTICATED').toBe(false);
    else expect(code).toBe('FORBIDDEN');
  });

  it.each(OPERATIONS)('$name without a token is UNAUTHENTICATED', async (operation) => {
    const response = await hub.gql(operation.query);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
