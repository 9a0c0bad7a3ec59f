import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApplicationsQuery, ReviewApplicationMutation } from '../../api/operations';
import type { ApplicationsQuery as ApplicationsResult } from '../../gql/graphql';
import { describeError } from '../../lib/errors';
import { APPLICATION_STATUS, formatDate, formatTime } from '../../lib/format';
import { PagerBar, useCursorPages } from '../../lib/paging';

type Application = ApplicationsResult['accessApplications']['edges'][number]['node'];

export function ApplicationQueue() {
  const { message } = App.useApp();
  const [status, setStatus] = useState<string | undefined>('PENDING');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const pages = useCursorPages(20);
  const filter = { ...(status ? { status: status as Application['status'] } : {}), ...(overdueOnly ? { overdue: true } : {}) };
  const query = useQuery(ApplicationsQuery, { variables: { filter, first: pages.first, after: pages.after } });
  const [review, reviewState] = useMutation(ReviewApplicationMutation);
  const [deciding, setDeciding] = useState<{ application: Application; decision: 'APPROVE' | 'REJECT' }>();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();

  const decide = async () => {
    if (!deciding) return;
    if (deciding.decision === 'REJECT' && !reason.trim()) {
      setError('驳回必须填写理由');
      return;
    }
    try {
      await review({ variables: { input: { id: deciding.application.id, decision: deciding.decision, ...(reason.trim() ? { reason: reason.trim() } : {}) } } });
      message.success(deciding.decision === 'APPROVE' ? '已批准，授权即时生效' : '已驳回');
      setDeciding(undefined);
      setReason('');
      setError(undefined);
      await query.refetch();
    } catch (caught) {
      setError(describeError(caught));
    }
  };

  const connection = query.data?.accessApplications;
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          aria-label="申请状态"
          style={{ width: 160 }}
          allowClear
          placeholder="全部状态"
          value={status}
          onChange={(value) => { setStatus(value); pages.reset(); }}
          options={Object.entries(APPLICATION_STATUS).map(([value, label]) => ({ value, label }))}
        />
        <Checkbox checked={overdueOnly} onChange={(e) => { setOverdueOnly(e.target.checked); pages.reset(); }}>仅看逾期</Checkbox>
        <Typography.Text type="secondary">办理时限按工作日计算（节假日与调休已扣除）。</Typography.Text>
      </Space>
      {query.error && <Alert type="error" showIcon title={describeError(query.error)} />}
      <Table<Application>
        size="small"
        rowKey="id"
        loading={query.loading}
        dataSource={connection?.edges.map((edge) => edge.node) ?? []}
        pagination={false}
        expandable={{
          expandedRowRender: (row) => (
            <Typography.Paragraph style={{ margin: 0 }}>
              依据：{row.legalBasis}；范围：{row.scope === 'READ' ? '查询' : '核验'}{row.unmasked ? '（不脱敏）' : ''}；有效期至 {formatDate(row.validUntil)}
              {row.decisionReason && <>；审核意见：{row.decisionReason}</>}
              <br />信息项：{row.items.map((item) => `${item.itemCode}（${item.decision}）`).join('、')}
            </Typography.Paragraph>
          ),
        }}
        columns={[
          { title: '申请部门', dataIndex: 'consumerDept' },
          { title: '提供部门', dataIndex: 'providerDept' },
          { title: '用途', dataIndex: 'purpose', ellipsis: true },
          { title: '信息项', render: (_, row) => row.items.length },
          { title: '提交时间', dataIndex: 'submittedAt', render: formatTime },
          {
            title: '办理时限',
            dataIndex: 'dueAt',
            render: (dueAt: string, row) => (
              <Space size={4}>
                {formatDate(dueAt)}
                {row.overdue && <Tag color="red">逾期</Tag>}
              </Space>
            ),
          },
          { title: '状态', dataIndex: 'status', render: (value: string) => <Tag>{APPLICATION_STATUS[value] ?? value}</Tag> },
          {
            title: '操作',
            render: (_, row) =>
              row.status === 'PENDING' ? (
                <Space>
                  <Button size="small" type="primary" onClick={() => setDeciding({ application: row, decision: 'APPROVE' })}>批准</Button>
                  <Button size="small" danger onClick={() => setDeciding({ application: row, decision: 'REJECT' })}>驳回</Button>
                </Space>
              ) : null,
          },
        ]}
      />
      <PagerBar pages={pages} hasNextPage={connection?.pageInfo.hasNextPage} endCursor={connection?.pageInfo.endCursor} total={connection?.totalCount} loading={query.loading} />
      <Modal
        open={!!deciding}
        title={deciding?.decision === 'APPROVE' ? '批准共享申请' : '驳回共享申请'}
        okText={deciding?.decision === 'APPROVE' ? '确认批准' : '确认驳回'}
        cancelText="取消"
        confirmLoading={reviewState.loading}
        onOk={() => void decide()}
        onCancel={() => { setDeciding(undefined); setError(undefined); }}
      >
        <Form layout="vertical">
          <Form.Item label={deciding?.decision === 'APPROVE' ? '审核意见（可选）' : '驳回理由'} required={deciding?.decision === 'REJECT'}>
            <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} aria-label="审核意见" />
          </Form.Item>
        </Form>
        {error && <Alert type="error" showIcon title={error} />}
      </Modal>
    </>
  );
}
