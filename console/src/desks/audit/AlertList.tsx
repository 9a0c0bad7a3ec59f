import { useQuery } from '@apollo/client/react';
import { Alert, Table, Tag } from 'antd';
import { AuditAlertsQuery } from '../../api/operations';
import type { AuditAlertsQuery as AlertsResult } from '../../gql/graphql';
import { describeError } from '../../lib/errors';
import { ALERT_RULES, formatTime } from '../../lib/format';
import { PagerBar, useCursorPages } from '../../lib/paging';

type AuditAlert = AlertsResult['auditAlerts']['edges'][number]['node'];

export function AlertList() {
  const pages = useCursorPages(20);
  const query = useQuery(AuditAlertsQuery, { variables: { first: pages.first, after: pages.after } });
  const connection = query.data?.auditAlerts;
  return (
    <>
      {query.error && <Alert type="error" showIcon title={describeError(query.error)} />}
      <Table<AuditAlert>
        size="small"
        rowKey="id"
        loading={query.loading}
        dataSource={connection?.edges.map((edge) => edge.node) ?? []}
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
        ]}
      />
      <PagerBar pages={pages} hasNextPage={connection?.pageInfo.hasNextPage} endCursor={connection?.pageInfo.endCursor} loading={query.loading} />
    </>
  );
}
