import { useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Descriptions, Empty, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { CaseRecordQuery, DepartmentsQuery } from '../../api/operations';
import type { CaseRecordQuery as CaseRecordResult } from '../../gql/graphql';
import { openAuthorizedFile } from '../../lib/authorized-file';
import { DENIAL_LABELS, describeError } from '../../lib/errors';
import { formatTime } from '../../lib/format';
import { KIND_LABELS, MATERIAL_STATUS, ROLE_LABELS } from './CaseWorkbench';
import { StatusTag } from './ItemLookup';

type RecordMaterial = CaseRecordResult['case']['materials'][number];

/**
 * 办件记录: a case as the hub recorded it, opened by its case ID. The record holds statuses,
 * departments and times, never the values that were released, so it can be shown again later.
 */
export function CaseRecordView({ caseId, onOpen }: { caseId?: string; onOpen: (caseId: string) => void }) {
  const query = useQuery(CaseRecordQuery, { variables: { caseId: caseId! }, skip: !caseId, fetchPolicy: 'network-only' });
  const departments = useQuery(DepartmentsQuery, { variables: {}, skip: !caseId });
  const [fileError, setFileError] = useState<string>();
  // The record keeps department codes; show the name a clerk knows, with the code.
  const department = (code?: string | null) => {
    if (!code) return '—';
    const found = departments.data?.departments.find((d) => d.code === code);
    return found ? `${found.shortName}（${code}）` : code;
  };
  const record = query.data?.case;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title="办件记录">
        <Input.Search
          key={caseId}
          aria-label="办件 ID"
          placeholder="输入办件 ID，如获取材料后显示的办件 ID"
          defaultValue={caseId}
          enterButton="打开"
          allowClear
          loading={query.loading}
          onSearch={(value) => value.trim() && onOpen(value.trim())}
          style={{ maxWidth: 560 }}
        />
      </Card>
      {query.error && (
        <Alert type="error" showIcon role="alert" title={describeError(query.error, { NOT_FOUND: `未找到办件 ${caseId}：请核对办件 ID（只能查看本部门的办件）` })} />
      )}
      {fileError && <Alert type="error" showIcon role="alert" title={fileError} />}
      {!caseId && <Empty description="获取材料后点“查看办件记录”，或输入办件 ID" image={Empty.PRESENTED_IMAGE_SIMPLE} />}
      {record && !query.error && (
        <Card
          size="small"
          data-testid="case-record"
          title={`${record.matter.name} · 办件 ${record.caseNo}`}
          extra={<Button onClick={() => void openAuthorizedFile(record.materialListUrl).catch((caught: Error) => setFileError(`无法打开文件：${caught.message}`))}>打印材料清单</Button>}
        >
          <Typography.Paragraph type="secondary">办件记录只保存各材料的状态、提供部门和时间，不保存调取到的数据内容。</Typography.Paragraph>
          <Descriptions size="small" column={3} items={[
            { key: 'time', label: '办理时间', children: formatTime(record.createdAt) },
            { key: 'dept', label: '办理部门', children: department(record.consumerDept) },
            { key: 'clerk', label: '经办人', children: record.clerk },
            { key: 'applicant', label: '申请人', children: record.applicantMasked },
            { key: 'consent', label: '申请人授权', children: record.consentGiven ? '已提供' : '未提供' },
            { key: 'latency', label: '用时', children: `${record.latencyMs} ms` },
            { key: 'exempted', label: '免提交', children: record.exempted },
            { key: 'submit', label: '需提交', children: record.mustSubmit },
            { key: 'case', label: '办件 ID', children: <Typography.Text code copyable>{record.caseId}</Typography.Text> },
            { key: 'receipt', label: '回执摘要（SHA-256）', span: 3, children: <Typography.Text code>{record.receiptHash}</Typography.Text> },
          ]} />
          <Table<RecordMaterial>
            size="small"
            rowKey={(row) => `${row.code}-${row.role}-${row.subjectMasked ?? ''}`}
            pagination={false}
            dataSource={record.materials}
            columns={[
              { title: '材料', dataIndex: 'name' },
              { title: '类别', dataIndex: 'kind', render: (kind: string) => KIND_LABELS[kind] ?? kind },
              { title: '主体', render: (_, row) => `${ROLE_LABELS[row.role] ?? row.role}${row.subjectMasked ? ` ${row.subjectMasked}` : ''}` },
              { title: '状态', dataIndex: 'status', render: (status: string) => <StatusTag status={MATERIAL_STATUS[status] ?? status} /> },
              { title: '提供部门', dataIndex: 'department', render: (code?: string | null) => department(code) },
              {
                title: '说明',
                render: (_, row) => (
                  <Space size={4} wrap>
                    {row.derivedFrom && <Tag color="blue">{row.derivedFrom}</Tag>}
                    {row.reason && <span>{DENIAL_LABELS[row.reason] ?? row.reason}</span>}
                    {row.certificateIdentifier && <span>证照标识 {row.certificateIdentifier}</span>}
                  </Space>
                ),
              },
              {
                title: '请求编号',
                dataIndex: 'requestId',
                // The case's request ID and the material's suffix (…/M01): the suffix is shown, the whole ID copied.
                render: (id?: string | null) => (id ? <Typography.Text code copyable={{ text: id }} title={id}>{id.split('/').pop()}</Typography.Text> : '—'),
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
