import { AlertEvaluator } from '../../src/audit/alerts.js';
import { AuditWriter } from '../../src/audit/audit-writer.js';
import { Role } from '../../src/auth/principal.js';
import { bearer, tokenFor } from '../support/auth.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { adminEvent, COMPANY_ID, lookup, OTHER_PERSON_ID, PERSON_ID } from './support.js';

const CONSUMER = 'HZXH-XZFWZX';
const OTHER_CONSUMER = 'HZYH-XZFWZX';
const AUDITOR_DEPT = 'ZJ-DSJJ';

interface Connection {
  edges: { cursor: string; node: Record<string, unknown> & { id: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const EVENTS = `query Events($filter: AuditEventFilter, $first: Int, $after: String) {
  auditEvents(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id leafIndex time kind action consumerDept principalSub principalName caseNo subjectType subjectMasked subjectRef
      itemsRequested itemsReleased itemsDenied { itemCode reason } outcome latencyMs receiptHash leafHash } }
    pageInfo { hasNextPage endCursor }
  } }`;

const SUBJECT_LOG = `query Log($subject: SubjectInput!, $first: Int, $after: String) {
  subjectAccessLog(subject: $subject, first: $first, after: $after) { edges { node { id consumerDept caseNo subjectMasked } } pageInfo { hasNextPage endCursor } } }`;

describe('auditor API', () => {
  let hub: TestHub;
  let auditor: Record<string, string>;
  let consumer: Record<string, string>;
  const ids = { personA: [] as string[], personB: [] as string[], company: [] as string[], admin: [] as string[], all: [] as string[] };
  const today = new Date();

  beforeAll(async () => {
    // Today and tomorrow (China time) are public holidays, so every access in this test is "off
    // hours", whatever the hour and even across midnight.
    const chinaDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
    const holidays = [chinaDay(Date.now()), chinaDay(Date.now() + 86_400_000)].join(',');
    hub = await startTestHub(
      {
        SHAREHUB_AUDIT_ALERT_INTERVAL_MS: '0',
        SHAREHUB_AUDIT_ALERT_SUBJECTS_PER_HOUR: '2',
        SHAREHUB_AUDIT_ALERT_CASES_PER_SUBJECT: '3',
        SHAREHUB_AUDIT_ALERT_DENIED_BURST: '2',
        SHAREHUB_HOLIDAYS: holidays,
      },
      { seedCatalog: true },
    );
    auditor = bearer(tokenFor(hub, { dept: AUDITOR_DEPT, roles: [Role.AUDITOR], sub: 'auditor-1', name: '审计员甲' }));
    consumer = bearer(tokenFor(hub, { dept: CONSUMER, roles: [Role.CONSUMER] }));
    const writer = hub.app.get(AuditWriter);
    const principal = (dept: string, sub: string) => ({ sub, dept, roles: [Role.CONSUMER], name: '窗口' });
    const record = async (list: string[], event: Parameters<AuditWriter['record']>[0]) => {
      const { id } = await writer.record(event);
      list.push(id);
      ids.all.push(id);
    };
    for (const [i, caseNo] of ['C-1', 'C-2', 'C-3'].entries()) {
      await record(ids.personA, lookup({ principal: principal(CONSUMER, 'clerk-1'), purpose: { caseNo, matter: '入学' }, itemsRequested: ['P001', `X00${i}`] }));
    }
    await record(ids.personB, lookup({ principal: principal(CONSUMER, 'clerk-1'), subject: { type: 'PERSON', id: OTHER_PERSON_ID }, outcome: 'DENIED', itemsReleased: [] }));
    await record(ids.personB, lookup({ principal: principal(CONSUMER, 'clerk-1'), subject: { type: 'PERSON', id: OTHER_PERSON_ID.toLowerCase() }, outcome: 'DENIED', itemsReleased: [] }));
    await record(ids.company, lookup({ kind: 'VERIFY', principal: principal(OTHER_CONSUMER, 'clerk-9'), subject: { type: 'LEGAL_ENTITY', id: COMPANY_ID }, outcome: 'OK', itemsRequested: ['E001'], itemsReleased: ['E001'], itemsDenied: [] }));
    await record(ids.admin, adminEvent('GRANT', 'grant:1'));
  });
  afterAll(() => hub.close());

  it('requires the auditor role', async () => {
    expect((await hub.gql(EVENTS)).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await hub.gql(EVENTS, {}, consumer)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await fetch(`${hub.url}/audit/export.csv`)).status).toBe(401);
    expect((await fetch(`${hub.url}/audit/export.csv`, { headers: consumer })).status).toBe(403);
  });

  it('lists events newest first with keyset cursors, and filters them', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const response = await hub.gql<{ auditEvents: Connection }>(EVENTS, { first: 2, after }, auditor);
      expect(response.body.errors).toBeUndefined();
      const page: Connection = response.body.data!.auditEvents;
      seen.push(...page.edges.map((edge) => edge.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual([...ids.all].reverse());

    const filtered = async (filter: Record<string, unknown>) => {
      const response = await hub.gql<{ auditEvents: Connection }>(EVENTS, { filter, first: 100 }, auditor);
      expect(response.body.errors).toBeUndefined();
      return response.body.data!.auditEvents.edges.map((edge) => edge.node.id).sort();
    };
    expect(await filtered({ subject: { type: 'PERSON', id: PERSON_ID } })).toEqual([...ids.personA].sort());
    expect(await filtered({ caseNo: 'C-2' })).toEqual([ids.personA[1]]);
    expect(await filtered({ itemCode: 'X001' })).toEqual([ids.personA[1]]);
    expect(await filtered({ kind: 'ADMIN' })).toEqual(ids.admin);
    expect(await filtered({ consumerDept: OTHER_CONSUMER })).toEqual(ids.company);
    expect(await filtered({ outcome: 'DENIED', principal: 'clerk-1' })).toEqual([...ids.personB].sort());
    expect(await filtered({ resourceCode: '1010203/000017', kind: 'VERIFY' })).toEqual(ids.company);
    expect(await filtered({ from: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);

    const [node] = (await hub.gql<{ auditEvents: Connection }>(EVENTS, { filter: { caseNo: 'C-1' } }, auditor)).body.data!.auditEvents.edges.map((edge) => edge.node);
    expect(node).toMatchObject({ kind: 'LOOKUP', consumerDept: CONSUMER, principalSub: 'clerk-1', subjectType: 'PERSON', subjectMasked: '330106********1236', outcome: 'PARTIAL' });
    expect(JSON.stringify(node)).not.toContain(PERSON_ID);

    const bad = await hub.gql(EVENTS, { filter: { subject: { type: 'PERSON', id: '330106199003071237' } } }, auditor);
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.subject.id' });
    const badCursor = await hub.gql(EVENTS, { after: 'nonsense' }, auditor);
    expect(badCursor.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it("subjectAccessLog lists exactly the accesses to that person's data, and is itself recorded", async () => {
    const log = async (subject: Record<string, string>) => {
      const response = await hub.gql<{ subjectAccessLog: Connection }>(SUBJECT_LOG, { subject, first: 100 }, auditor);
      expect(response.body.errors).toBeUndefined();
      return response.body.data!.subjectAccessLog.edges.map((edge) => edge.node);
    };
    const personA = await log({ type: 'PERSON', id: PERSON_ID });
    expect(personA.map((node) => node.id)).toEqual([...ids.personA].reverse());
    expect(personA.map((node) => node.caseNo)).toEqual(['C-3', 'C-2', 'C-1']);
    expect((await log({ type: 'PERSON', id: OTHER_PERSON_ID.toLowerCase() })).map((node) => node.id)).toEqual([...ids.personB].reverse());
    expect((await log({ type: 'LEGAL_ENTITY', id: COMPANY_ID })).map((node) => node.id)).toEqual(ids.company);
    expect(await log({ type: 'LEGAL_ENTITY', id: '91110000600037341L' })).toEqual([]);

    const bad = await hub.gql(SUBJECT_LOG, { subject: { type: 'PERSON', id: '33010619900307123' } }, auditor);
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'subject.id' });

    const recorded = await hub.gql<{ auditEvents: Connection }>(EVENTS, { filter: { kind: 'ADMIN', principal: 'auditor-1' }, first: 10 }, auditor);
    const nodes = recorded.body.data!.auditEvents.edges.map((edge) => edge.node);
    expect(nodes.length).toBe(4);
    expect(nodes[0]).toMatchObject({ action: 'AUDIT_SUBJECT_LOG', consumerDept: AUDITOR_DEPT, principalName: '审计员甲' });
  });

  it('counts data-access events by department, item, outcome and day', async () => {
    const stats = async (groupBy: string) => {
      const response = await hub.gql<{ auditStats: Record<string, unknown>[] }>(
        `query($from: DateTime!, $to: DateTime!, $groupBy: AuditStatsGroupBy!) { auditStats(from: $from, to: $to, groupBy: $groupBy) { key events ok partial denied error distinctSubjects } }`,
        { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString(), groupBy },
        auditor,
      );
      expect(response.body.errors).toBeUndefined();
      return response.body.data!.auditStats;
    };
    expect(await stats('CONSUMER_DEPT')).toEqual([
      { key: CONSUMER, events: 5, ok: 0, partial: 3, denied: 2, error: 0, distinctSubjects: 2 },
      { key: OTHER_CONSUMER, events: 1, ok: 1, partial: 0, denied: 0, error: 0, distinctSubjects: 1 },
    ]);
    expect((await stats('ITEM')).find((row) => row.key === 'P001')).toMatchObject({ events: 5 });
    expect((await stats('OUTCOME')).map((row) => [row.key, row.events])).toEqual([
      ['PARTIAL', 3],
      ['DENIED', 2],
      ['OK', 1],
    ]);
    const day = new Date(today.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(await stats('DAY')).toEqual([expect.objectContaining({ key: day, events: 6 })]);
  });

  it('streams the export as CSV with the same filters', async () => {
    const response = await fetch(`${hub.url}/audit/export.csv?subjectType=PERSON&subjectId=${PERSON_ID}`, { headers: auditor });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf])); // UTF-8 BOM, for spreadsheets
    const text = bytes.subarray(3).toString('utf8');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^time,leaf_index,id,kind/);
    expect(lines.slice(1).map((line) => line.split(',')[2])).toEqual([...ids.personA].reverse());
    expect(text).not.toContain(PERSON_ID);
    expect(text).toContain('330106********1236');

    const all = await (await fetch(`${hub.url}/audit/export.csv`, { headers: auditor })).text();
    expect(all.trim().split('\r\n').length).toBeGreaterThanOrEqual(ids.all.length + 1);
    expect((await fetch(`${hub.url}/audit/export.csv?colour=blue`, { headers: auditor })).status).toBe(400);
    const bad = await fetch(`${hub.url}/audit/export.csv?subjectType=PERSON&subjectId=123`, { headers: auditor });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT', field: 'filter.subject.id' } }] });
  });

  it('raises alerts with their triggering events', async () => {
    await hub.app.get(AlertEvaluator).catchUp();
    const response = await hub.gql<{ auditAlerts: { edges: { node: Record<string, unknown> & { events: { id: string }[] } }[] } }>(
      `{ auditAlerts(first: 50) { edges { cursor node { rule consumerDept principalSub subjectMasked observed threshold windowStart windowEnd events { id } } } pageInfo { hasNextPage } } }`,
      {},
      auditor,
    );
    expect(response.body.errors).toBeUndefined();
    const alerts = response.body.data!.auditAlerts.edges.map((edge) => edge.node);
    const byRule = (rule: string) => alerts.filter((alert) => alert.rule === rule);
    expect(byRule('SUBJECT_CASES')).toEqual([expect.objectContaining({ subjectMasked: '330106********1236', observed: 3, threshold: 3 })]);
    expect(byRule('SUBJECT_CASES')[0].events.map((event) => event.id)).toEqual(ids.personA);
    expect(byRule('DENIED_BURST')).toEqual([expect.objectContaining({ principalSub: 'clerk-1', observed: 2 })]);
    expect(byRule('DENIED_BURST')[0].events.map((event) => event.id)).toEqual(ids.personB);
    // clerk-1 read 2 distinct subjects (threshold: more than 2) — no alert; clerk-9 read 1.
    expect(byRule('DISTINCT_SUBJECTS')).toEqual([]);
    expect(byRule('OFF_HOURS').map((alert) => [alert.principalSub, alert.observed]).sort()).toEqual([
      ['clerk-1', 5],
      ['clerk-9', 1],
    ]);

    // A third distinct subject within the hour crosses the threshold.
    const writer = hub.app.get(AuditWriter);
    const clerk = { sub: 'clerk-1', dept: CONSUMER, roles: [Role.CONSUMER] };
    const third = await writer.record(lookup({ principal: clerk, subject: { type: 'LEGAL_ENTITY', id: COMPANY_ID } }));
    // The rule counts per clock hour of the time the database recorded. If that hour turned since
    // the first two subjects were read (a run at hh:59:55), read them again in the new hour, so
    // the premise holds at any time of day.
    const hourOf = async (id: string) =>
      (await hub.database.query<{ h: Date }>(`SELECT date_trunc('hour', recorded_at) AS h FROM audit_event WHERE id = $1`, [id]))[0].h.getTime();
    if ((await hourOf(third.id)) !== (await hourOf(ids.personA[0]))) {
      await writer.record(lookup({ principal: clerk }));
      await writer.record(lookup({ principal: clerk, subject: { type: 'PERSON', id: OTHER_PERSON_ID } }));
    }
    await hub.app.get(AlertEvaluator).catchUp();
    const again = await hub.gql<{ auditAlerts: { edges: { node: Record<string, unknown> & { events: { id: string }[] } }[] } }>(
      `{ auditAlerts { edges { node { rule observed events { id } } } } }`,
      {},
      auditor,
    );
    const distinct = again.body.data!.auditAlerts.edges.map((edge) => edge.node).filter((alert) => alert.rule === 'DISTINCT_SUBJECTS');
    expect(distinct).toEqual([expect.objectContaining({ observed: 3 })]);
    expect(distinct[0].events.map((event) => event.id)).toContain(third.id);
  });

  it('lets an auditor acknowledge an alert once, with a note, and audits it', async () => {
    await hub.app.get(AlertEvaluator).catchUp();
    const list = await hub.gql<{ auditAlerts: { edges: { node: { id: string; rule: string; acknowledgedAt: string | null } }[] } }>(
      `{ auditAlerts(first: 50) { edges { node { id rule acknowledgedAt } } } }`,
      {},
      auditor,
    );
    const alert = list.body.data!.auditAlerts.edges.map((edge) => edge.node).find((node) => node.rule === 'SUBJECT_CASES')!;
    expect(alert.acknowledgedAt).toBeNull();
    const ACK = `mutation($id: ID!, $note: String!) { acknowledgeAuditAlert(id: $id, note: $note) { id acknowledgedAt acknowledgedBy acknowledgementNote } }`;

    const refused = await hub.gql(ACK, { id: alert.id, note: '已核实' }, consumer);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const empty = await hub.gql(ACK, { id: alert.id, note: '  ' }, auditor);
    expect(empty.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const done = await hub.gql<{ acknowledgeAuditAlert: Record<string, string> }>(ACK, { id: alert.id, note: '已核实：三个办件均为同一不动产交易' }, auditor);
    expect(done.body.errors).toBeUndefined();
    expect(done.body.data!.acknowledgeAuditAlert).toMatchObject({ id: alert.id, acknowledgedBy: `${AUDITOR_DEPT}/auditor-1`, acknowledgementNote: '已核实：三个办件均为同一不动产交易' });
    expect(Date.parse(done.body.data!.acknowledgeAuditAlert.acknowledgedAt)).toBeGreaterThan(0);

    const twice = await hub.gql(ACK, { id: alert.id, note: '再次确认' }, auditor);
    expect(twice.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const events = await hub.gql<{ auditEvents: { edges: { node: { action: string; target: string; reason: string } }[] } }>(
      `{ auditEvents(first: 5, filter: { kind: ADMIN }) { edges { node { action target reason } } } }`,
      {},
      auditor,
    );
    expect(events.body.data!.auditEvents.edges.map((edge) => edge.node)).toContainEqual({ action: 'ALERT_ACKNOWLEDGE', target: alert.id, reason: '已核实：三个办件均为同一不动产交易' });
  });
});
