import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Space, Table, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { AcknowledgeAlertMutation, AuditAlertsQuery } from '../../api/operations';
import type { AuditAlertsQuery as AlertsResult } from '../../gql/graphql';
import { describeError } from '../../lib/errors';
import { ALERT_RULES, formatTime } from '../../lib/format';
import { PagerBar, useCursorPages } from '../../lib/paging';

type AuditAlert = AlertsResult['auditAlerts']['edges'][number]['node'];

export function AlertList() {
  const { message } = App.useApp();
  const pages = useCursorPages(20);
  const [openOnly, setOpenOnly] = useState(false);
  const query = useQuery(AuditAlertsQuery, { variables: { first: pages.first, after: pages.after } });
  const [acknowledge, ackState] = useMutation(AcknowledgeAlertMutation);
  const [target, setTarget] = useState<AuditAlert>();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string>();
  const connection = query.data?.auditAlerts;
  const rows = (connection?.edges.map((edge) => edge.node) ?? []).filter((row) => !openOnly || !row.acknowledgedAt);

  const submit = async () => {
    if (!target) return;
    if (!note.trim()) return setError('请填写处理说明');
    try {
      await acknowledge({ variables: { id: target.id, note: note.trim() } });
      message.success('告警已确认');
      setTarget(undefined);
      setNote('');
      setError(undefined);
      await query.refetch();
    } catch (caught) {
      setError(describeError(caught));
    }
  };

  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Checkbox checked={openOnly} onChange={(e) => setOpenOnly(e.target.checked)}>仅看本页未确认</Checkbox>
      </Space>
      {query.error && <Alert type="error" showIcon title={describeError(query.error)} />}
      <Table<AuditAlert>
        size="small"
        rowKey="id"
        loading={query.loading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: '暂无告警' }}
        columns={[
          { title: '规则', dataIndex: 'rule', render: (rule: string) => <Tag color="red">{ALERT_RULES[rule] ?? rule}</Tag> },
          { title: '触发时间', dataIndex: 'raisedAt', render: formatTime },
          { title: '时间窗', render: (_, row) => `${formatTime(row.windowStart)} – ${formatTime(row.windowEnd)}` },
          { title: '部门', dataIndex: 'consumerDept' },
          { title: '经办人', dataIndex: 'principalSub' },
          { title: '主体', dataIndex: 'subjectMasked' },
          { title: '计数 / 阈值', render: (_, row) => `${row.observed} / ${row.threshold}` },
          {
            title: '处理',
            render: (_, row) =>
              row.acknowledgedAt ? (
                <Tooltip title={`${row.acknowledgedBy ?? ''}：${row.acknowledgementNote ?? ''}`}>
                  <Tag color="green">已确认 {formatTime(row.acknowledgedAt)}</Tag>
                </Tooltip>
              ) : (
                <Button size="small" onClick={() => setTarget(row)}>确认</Button>
              ),
          },
        ]}
      />
      <PagerBar pages={pages} hasNextPage={connection?.pageInfo.hasNextPage} endCursor={connection?.pageInfo.endCursor} loading={query.loading} />
      <Modal open={!!target} title={`确认告警：${target ? ALERT_RULES[target.rule] ?? target.rule : ''}`} okText="确认" cancelText="取消" confirmLoading={ackState.loading} onOk={() => void submit()} onCancel={() => { setTarget(undefined); setError(undefined); }}>
        <Form layout="vertical">
          <Form.Item label="处理说明" required>
            <Input.TextArea rows={3} value={note} onChange={(e) => setNote(e.target.value)} aria-label="处理说明" />
          </Form.Item>
        </Form>
        {error && <Alert type="error" showIcon title={error} />}
      </Modal>
    </>
  );
}
