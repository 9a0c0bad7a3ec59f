import { useQuery } from '@apollo/client/react';
import { Alert, Card, Col, Row, Statistic, Table, Tag } from 'antd';
import { CatalogStatsQuery, DepartmentsQuery } from '../../api/operations';
import { describeError } from '../../lib/errors';

export function Departments() {
  const departments = useQuery(DepartmentsQuery);
  const stats = useQuery(CatalogStatsQuery);
  const s = stats.data?.catalogStats;
  return (
    <>
      {s && (
        <Row gutter={16} style={{ marginBottom: 16 }}>
          <Col span={6}><Card size="small"><Statistic title="部门" value={s.departments} /></Card></Col>
          <Col span={6}><Card size="small"><Statistic title="提供部门" value={s.providers} /></Card></Col>
          <Col span={6}><Card size="small"><Statistic title="信息资源" value={s.resources} /></Card></Col>
          <Col span={6}><Card size="small"><Statistic title="信息项" value={s.dataItems} /></Card></Col>
        </Row>
      )}
      {departments.error && <Alert type="error" showIcon title={describeError(departments.error)} />}
      <Table
        size="small"
        rowKey="code"
        loading={departments.loading}
        dataSource={departments.data?.departments ?? []}
        pagination={{ pageSize: 15, showSizeChanger: false }}
        columns={[
          { title: '代码', dataIndex: 'code' },
          { title: '名称', dataIndex: 'name' },
          { title: '类型', dataIndex: 'kindLabel' },
          { title: '层级', dataIndex: 'levelLabel' },
          { title: '区划', dataIndex: 'regionName' },
          { title: '状态', dataIndex: 'enabled', render: (enabled: boolean) => (enabled ? <Tag color="green">启用</Tag> : <Tag color="red">停用</Tag>) },
        ]}
      />
    </>
  );
}
