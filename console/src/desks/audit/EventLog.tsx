import { useApolloClient, useQuery } from '@apollo/client/react';
import { Alert, Button, DatePicker, Form, Input, Progress, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { AuditEventsQuery } from '../../api/operations';
import type { AuditEventFilter, AuditEventsQuery as AuditEventsResult } from '../../gql/graphql';
import { csvLine, download } from '../../lib/csv';
import { describeError } from '../../lib/errors';
import { KIND_LABELS, OUTCOME_LABELS } from '../../lib/format';
import { idNumberProblem } from '../../lib/gb11643';
import { PagerBar, useCursorPages } from '../../lib/paging';
import { EventTable } from './EventTable';

interface FilterValues {
  range?: [Dayjs, Dayjs];
  consumerDept?: string;
  principal?: string;
  subjectId?: string;
  itemCode?: string;
  caseNo?: string;
  kind?: AuditEventFilter['kind'];
  outcome?: AuditEventFilter['outcome'];
}

const EXPORT_PAGE = 100;
const EXPORT_MAX = 20_000;

function toFilter(values: FilterValues): AuditEventFilter {
  const id = values.subjectId?.trim().toUpperCase();
  return {
    ...(values.range ? { from: values.range[0].startOf('day').toISOString(), to: values.range[1].endOf('day').add(1, 'ms').toISOString() } : {}),
    ...(values.consumerDept?.trim() ? { consumerDept: values.consumerDept.trim() } : {}),
    ...(values.principal?.trim() ? { principal: values.principal.trim() } : {}),
    // The hub hashes the identifier with its secret and matches the keyed hash; it never stores the ID.
    ...(id ? { subject: { type: idNumberProblem(id) ? ('LEGAL_ENTITY' as const) : ('PERSON' as const), id } } : {}),
    ...(values.itemCode?.trim() ? { itemCode: values.itemCode.trim() } : {}),
    ...(values.caseNo?.trim() ? { caseNo: values.caseNo.trim() } : {}),
    ...(values.kind ? { kind: values.kind } : {}),
    ...(values.outcome ? { outcome: values.outcome } : {}),
  };
}

export function EventLog({ onCheckProof }: { onCheckProof: (id: string) => void }) {
  const client = useApolloClient();
  const [form] = Form.useForm<FilterValues>();
  const [filter, setFilter] = useState<AuditEventFilter>({});
  const pages = useCursorPages(20);
  const query = useQuery(AuditEventsQuery, { variables: { filter, first: pages.first, after: pages.after } });
  const [exporting, setExporting] = useState<{ rows: number; done: boolean }>();
  const [exportError, setExportError] = useState<string>();

  const search = () => {
    setFilter(toFilter(form.getFieldsValue()));
    pages.reset();
  };

  /** Pages through the filtered log on the server, 100 events a request, showing progress. */
  const exportCsv = async () => {
    setExportError(undefined);
    const parts = [csvLine(['时间', '类型', '结果', '部门', '经办人', '事项', '办件编号', '主体', '放行信息项', '拒绝信息项', '日志序号', '请求编号'])];
    let after: string | null = null;
    let rows = 0;
    setExporting({ rows, done: false });
    try {
      for (;;) {
        const result: { data?: AuditEventsResult } = await client.query({ query: AuditEventsQuery, variables: { filter, first: EXPORT_PAGE, after } });
        const connection = result.data!.auditEvents;
        for (const { node: e } of connection.edges) {
          parts.push(csvLine([e.time, KIND_LABELS[e.kind] ?? e.kind, e.outcome ? OUTCOME_LABELS[e.outcome] : '', e.consumerDept, e.principalName ?? e.principalSub, e.matter, e.caseNo, e.subjectMasked, e.itemsReleased, e.itemsDenied.map((d) => `${d.itemCode}:${d.reason}`), e.leafIndex, e.requestId]));
        }
        rows += connection.edges.length;
        setExporting({ rows, done: false });
        if (!connection.pageInfo.hasNextPage || rows >= EXPORT_MAX) break;
        after = connection.pageInfo.endCursor ?? null;
      }
      download(`audit-events-${new Date().toISOString().slice(0, 10)}.csv`, parts);
      setExporting({ rows, done: true });
    } catch (caught) {
      setExportError(describeError(caught));
      setExporting(undefined);
    }
  };

  const connection = query.data?.auditEvents;
  return (
    <>
      <Form form={form} layout="inline" style={{ rowGap: 8, marginBottom: 12 }} onFinish={search}>
        <Form.Item name="range" label="时间"><DatePicker.RangePicker /></Form.Item>
        <Form.Item name="consumerDept" label="使用部门"><Input style={{ width: 140 }} /></Form.Item>
        <Form.Item name="principal" label="经办人"><Input style={{ width: 130 }} /></Form.Item>
        <Form.Item name="subjectId" label="主体证件号"><Input style={{ width: 200 }} autoComplete="off" /></Form.Item>
        <Form.Item name="itemCode" label="信息项"><Input style={{ width: 160 }} /></Form.Item>
        <Form.Item name="caseNo" label="办件编号"><Input style={{ width: 150 }} /></Form.Item>
        <Form.Item name="kind" label="类型"><Select allowClear style={{ width: 120 }} options={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))} /></Form.Item>
        <Form.Item name="outcome" label="结果"><Select allowClear style={{ width: 110 }} options={Object.entries(OUTCOME_LABELS).map(([value, label]) => ({ value, label }))} /></Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">筛选</Button>
          <Button onClick={() => void exportCsv()} loading={exporting !== undefined && !exporting.done}>导出 CSV</Button>
        </Space>
      </Form>
      {exporting && (
        <Space style={{ marginBottom: 12 }}>
          <Progress type="line" percent={exporting.done ? 100 : 99} status={exporting.done ? 'success' : 'active'} showInfo={false} style={{ width: 200 }} aria-label="导出进度" />
          <span>{exporting.done ? `已导出 ${exporting.rows} 条` : `正在导出，已读取 ${exporting.rows} 条…`}</span>
        </Space>
      )}
      {exportError && <Alert type="error" showIcon title={exportError} />}
      {query.error && <Alert type="error" showIcon title={describeError(query.error)} />}
      <EventTable rows={connection?.edges.map((edge) => edge.node) ?? []} loading={query.loading} onCheckProof={onCheckProof} />
      <PagerBar pages={pages} hasNextPage={connection?.pageInfo.hasNextPage} endCursor={connection?.pageInfo.endCursor} loading={query.loading} />
    </>
  );
}
