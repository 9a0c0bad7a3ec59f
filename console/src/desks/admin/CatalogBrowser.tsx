import { useQuery } from '@apollo/client/react';
import { Alert, Descriptions, Drawer, Input, Select, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { DepartmentsQuery, ResourceQuery, ResourcesQuery } from '../../api/operations';
import type { ResourcesQuery as ResourcesResult, ShareMethod } from '../../gql/graphql';
import { describeError } from '../../lib/errors';
import { formatTime } from '../../lib/format';
import { PagerBar, useCursorPages } from '../../lib/paging';

type Resource = ResourcesResult['resources']['edges'][number]['node'];

const SHARE_TYPES = [{ value: 'UNCONDITIONAL', label: '无条件共享' }, { value: 'CONDITIONAL', label: '有条件共享' }, { value: 'NOT_SHARED', label: '不予共享' }];
const SUBJECT_TYPES = [{ value: 'PERSON', label: '自然人' }, { value: 'LEGAL_ENTITY', label: '法人及其他组织' }, { value: 'OTHER', label: '其他' }];
const SHARE_METHODS = [{ value: 'API', label: '接口' }, { value: 'TABLE', label: '库表' }, { value: 'FILE', label: '文件' }, { value: 'EMAIL', label: '邮件' }, { value: 'MEDIA', label: '介质' }];
const SENSITIVITIES = [{ value: 1, label: '1 级 公开' }, { value: 2, label: '2 级 一般' }, { value: 3, label: '3 级 敏感' }, { value: 4, label: '4 级 高度敏感' }];
const STATUSES = [{ value: 'PUBLISHED', label: '已发布' }, { value: 'DRAFT', label: '草稿' }, { value: 'RETIRED', label: '已停用' }];
const SENSITIVITY_COLORS = ['', 'green', 'blue', 'orange', 'red'];

export function CatalogBrowser() {
  const [keyword, setKeyword] = useState('');
  const [departmentCode, setDepartmentCode] = useState<string>();
  const [shareType, setShareType] = useState<string>();
  const [shareMethod, setShareMethod] = useState<ShareMethod>();
  const [highestSensitivity, setHighestSensitivity] = useState<number>();
  const [subjectType, setSubjectType] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [open, setOpen] = useState<string>();
  const pages = useCursorPages(15);
  const providers = useQuery(DepartmentsQuery, { variables: { kind: 'PROVIDER' } });
  const filter = {
    ...(keyword.trim() ? { keyword: keyword.trim() } : {}),
    ...(departmentCode ? { departmentCode } : {}),
    ...(shareType ? { shareType: shareType as Resource['shareType'] } : {}),
    ...(shareMethod ? { shareMethod } : {}),
    ...(highestSensitivity ? { highestSensitivity } : {}),
    ...(subjectType ? { subjectType: subjectType as 'PERSON' } : {}),
    ...(status ? { status: status as 'PUBLISHED' } : {}),
  };
  const query = useQuery(ResourcesQuery, { variables: { filter, first: pages.first, after: pages.after } });
  const connection = query.data?.resources;
  const facet = <T,>(setter: (value: T) => void) => (value: T) => { setter(value); pages.reset(); };
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Input.Search aria-label="关键词" placeholder="资源或信息项名称" allowClear onSearch={facet(setKeyword)} style={{ width: 220 }} />
        <Select aria-label="提供部门" allowClear showSearch={{ optionFilterProp: 'label' }} placeholder="提供部门" style={{ width: 220 }} value={departmentCode} onChange={facet(setDepartmentCode)}
          options={(providers.data?.departments ?? []).map((d) => ({ value: d.code, label: d.shortName }))} />
        <Select aria-label="共享类型" allowClear placeholder="共享类型" style={{ width: 140 }} value={shareType} onChange={facet(setShareType)} options={SHARE_TYPES} />
        <Select aria-label="共享方式" allowClear placeholder="共享方式" style={{ width: 120 }} value={shareMethod} onChange={facet(setShareMethod)} options={SHARE_METHODS} />
        <Select aria-label="最高敏感级" allowClear placeholder="最高敏感级" style={{ width: 150 }} value={highestSensitivity} onChange={facet(setHighestSensitivity)} options={SENSITIVITIES} />
        <Select aria-label="主体类型" allowClear placeholder="主体类型" style={{ width: 150 }} value={subjectType} onChange={facet(setSubjectType)} options={SUBJECT_TYPES} />
        <Select aria-label="状态" allowClear placeholder="状态" style={{ width: 110 }} value={status} onChange={facet(setStatus)} options={STATUSES} />
      </Space>
      {query.error && <Alert type="error" showIcon title={describeError(query.error)} />}
      <Table<Resource>
        size="small"
        rowKey="code"
        loading={query.loading}
        dataSource={connection?.edges.map((edge) => edge.node) ?? []}
        pagination={false}
        onRow={(row) => ({ onClick: () => setOpen(row.code), onKeyDown: (e) => { if (e.key === 'Enter') setOpen(row.code); }, tabIndex: 0, style: { cursor: 'pointer' } })}
        columns={[
          { title: '资源代码', dataIndex: 'code' },
          { title: '名称', dataIndex: 'name' },
          { title: '提供部门', render: (_, row) => row.provider.shortName },
          { title: '共享类型', dataIndex: 'shareTypeLabel' },
          { title: '共享方式', dataIndex: 'shareMethodLabel' },
          { title: '最高敏感级', render: (_, row) => { const level = Math.max(0, ...row.items.map((i) => i.sensitivity)); return <Tag color={SENSITIVITY_COLORS[level]}>{level} 级</Tag>; } },
          { title: '信息项', dataIndex: 'itemCount' },
          { title: '版本', dataIndex: 'version' },
          { title: '状态', dataIndex: 'statusLabel' },
        ]}
      />
      <PagerBar pages={pages} hasNextPage={connection?.pageInfo.hasNextPage} endCursor={connection?.pageInfo.endCursor} total={connection?.totalCount} loading={query.loading} />
      <Drawer open={!!open} size={760} title="资源详情" onClose={() => setOpen(undefined)}>
        {open && <ResourceDetail code={open} />}
      </Drawer>
    </>
  );
}

function ResourceDetail({ code }: { code: string }) {
  const query = useQuery(ResourceQuery, { variables: { code } });
  const r = query.data?.resource;
  if (query.error) return <Alert type="error" showIcon title={describeError(query.error)} />;
  if (!r) return null;
  return (
    <>
      <Descriptions size="small" column={2} bordered items={[
        { key: 'name', label: '名称', children: r.name, span: 2 },
        { key: 'code', label: '代码', children: r.code },
        { key: 'provider', label: '提供方', children: r.provider.name },
        { key: 'category', label: '分类', children: r.category.path.join(' / ') },
        { key: 'share', label: '共享类型', children: r.shareTypeLabel },
        { key: 'method', label: '共享方式', children: r.shareMethodLabel },
        { key: 'format', label: '格式', children: r.formatLabel },
        { key: 'cycle', label: '更新周期', children: r.updateCycleLabel },
        { key: 'published', label: '发布日期', children: r.publishedAt },
        { key: 'condition', label: '共享条件', children: r.shareCondition, span: 2 },
        { key: 'summary', label: '摘要', children: r.summary, span: 2 },
      ]} />
      <Tabs items={[
        {
          key: 'items', label: `信息项（${r.items.length}）`,
          children: <Table size="small" rowKey="code" pagination={false} dataSource={r.items} columns={[
            { title: '代码', dataIndex: 'code' }, { title: '名称', dataIndex: 'name' }, { title: '类型', dataIndex: 'dataTypeLabel' },
            { title: '敏感级', dataIndex: 'sensitivityLabel' }, { title: '脱敏规则', dataIndex: 'maskRuleLabel' },
          ]} />,
        },
        {
          key: 'versions', label: `版本（${r.versions.length}）`,
          children: <Table size="small" rowKey="version" pagination={false} dataSource={r.versions} columns={[
            { title: '版本', dataIndex: 'version' }, { title: '名称', dataIndex: 'name' }, { title: '发布日期', dataIndex: 'publishedAt' },
            { title: '记录时间', dataIndex: 'recordedAt', render: formatTime }, { title: '信息项数', render: (_, v) => v.items.length },
          ]} />,
        },
      ]} />
    </>
  );
}
