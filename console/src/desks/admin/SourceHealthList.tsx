import { useQuery } from '@apollo/client/react';
import { Alert, Table, Tag, Tooltip, Typography } from 'antd';
import { SourceHealthQuery } from '../../api/operations';
import type { SourceHealthQuery as HealthResult } from '../../gql/graphql';
import { describeError } from '../../lib/errors';
import { formatTime } from '../../lib/format';

type Health = HealthResult['sourceHealth'][number];

const BREAKER: Record<string, { label: string; color: string }> = {
  CLOSED: { label: '正常', color: 'green' },
  HALF_OPEN: { label: '试探恢复', color: 'gold' },
  OPEN: { label: '熔断', color: 'red' },
  ISOLATED: { label: '隔离', color: 'red' },
  UNUSED: { label: '未调用', color: 'default' },
};

/** Source bindings with live health: refreshed every five seconds while the tab is open. */
export function SourceHealthList() {
  const query = useQuery(SourceHealthQuery, { pollInterval: 5000 });
  return (
    <>
      <Typography.Paragraph type="secondary">本节点视角：熔断状态与近 5 分钟的调用和失败，每 5 秒刷新。</Typography.Paragraph>
      {query.error && <Alert type="error" showIcon title={describeError(query.error)} />}
      <Table<Health>
        size="small"
        rowKey="source"
        loading={query.loading && !query.data}
        dataSource={query.data?.sourceHealth ?? []}
        pagination={{ pageSize: 10, showSizeChanger: false }}
        columns={[
          { title: '部门系统', dataIndex: 'source' },
          { title: '绑定资源', dataIndex: 'resources', render: (resources: string[]) => <Tooltip title={resources.join('、')}>{resources.length} 个</Tooltip> },
          { title: '熔断器', dataIndex: 'breaker', render: (state: string) => <Tag color={BREAKER[state]?.color}>{BREAKER[state]?.label ?? state}</Tag> },
          { title: '调用 / 失败', render: (_, row) => `${row.calls} / ${row.failures}` },
          { title: '错误率', dataIndex: 'errorRate', render: (rate: number) => `${(rate * 100).toFixed(1)}%` },
          { title: '最近错误', render: (_, row) => (row.lastError ? <Tooltip title={row.lastError}>{formatTime(row.lastErrorAt)}</Tooltip> : '—') },
        ]}
      />
    </>
  );
}
