import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { GrantAccessMutation, GrantMatterMutation, GrantsQuery, RevokeGrantMutation } from '../../api/operations';
import { useMatterSearch } from '../../api/matter-search';
import type { GrantsQuery as GrantsResult } from '../../gql/graphql';
import { describeError } from '../../lib/errors';
import { formatDate, formatTime } from '../../lib/format';
import { PagerBar, useCursorPages } from '../../lib/paging';

type Grant = GrantsResult['grants']['edges'][number]['node'];

export function GrantList({ isAdmin }: { isAdmin: boolean }) {
  const { message } = App.useApp();
  const [consumerDept, setConsumerDept] = useState('');
  const [itemCode, setItemCode] = useState('');
  const [activeOnly, setActiveOnly] = useState(true);
  const pages = useCursorPages(20);
  const filter = { activeOnly, ...(consumerDept.trim() ? { consumerDept: consumerDept.trim() } : {}), ...(itemCode.trim() ? { itemCode: itemCode.trim() } : {}) };
  const query = useQuery(GrantsQuery, { variables: { filter, first: pages.first, after: pages.after } });
  const [revoke, revokeState] = useMutation(RevokeGrantMutation);
  const [revoking, setRevoking] = useState<Grant>();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [granting, setGranting] = useState(false);
  const [grantingMatter, setGrantingMatter] = useState(false);

  const doRevoke = async () => {
    if (!revoking) return;
    if (!reason.trim()) return setError('撤销必须填写理由');
    try {
      await revoke({ variables: { id: revoking.id, reason: reason.trim() } });
      message.success('已撤销，所有节点一秒内生效');
      setRevoking(undefined);
      setReason('');
      setError(undefined);
      await query.refetch();
    } catch (caught) {
      setError(describeError(caught));
    }
  };

  const connection = query.data?.grants;
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Input aria-label="使用部门" placeholder="使用部门代码" value={consumerDept} onChange={(e) => { setConsumerDept(e.target.value); pages.reset(); }} style={{ width: 180 }} />
        <Input aria-label="信息项代码" placeholder="信息项代码" value={itemCode} onChange={(e) => { setItemCode(e.target.value); pages.reset(); }} style={{ width: 200 }} />
        <Checkbox checked={activeOnly} onChange={(e) => { setActiveOnly(e.target.checked); pages.reset(); }}>仅看有效</Checkbox>
        {isAdmin && <Button type="primary" onClick={() => setGranting(true)}>按信息项授权</Button>}
        {isAdmin && <Button onClick={() => setGrantingMatter(true)}>按事项授权</Button>}
      </Space>
      {query.error && <Alert type="error" showIcon title={describeError(query.error)} />}
      <Table<Grant>
        size="small"
        rowKey="id"
        loading={query.loading}
        dataSource={connection?.edges.map((edge) => edge.node) ?? []}
        pagination={false}
        columns={[
          { title: '信息项', dataIndex: 'itemCode' },
          { title: '事项', dataIndex: 'matterCode', render: (code?: string | null) => code ?? '不限' },
          { title: '使用部门', dataIndex: 'consumerDept' },
          { title: '提供部门', dataIndex: 'providerDept' },
          { title: '范围', dataIndex: 'scope', render: (scope: string, row) => `${scope === 'READ' ? '查询' : '核验'}${row.unmasked ? '·不脱敏' : ''}` },
          { title: '每日限额', dataIndex: 'dailyQuota', render: (quota?: number | null) => quota ?? '不限' },
          { title: '有效期至', dataIndex: 'validUntil', render: formatDate },
          {
            title: '状态',
            render: (_, row) => (row.active ? <Tag color="green">有效</Tag> : row.revokedAt ? <Tag color="red" title={row.revokeReason ?? ''}>已撤销 {formatTime(row.revokedAt)}</Tag> : <Tag>已过期</Tag>),
          },
          { title: '操作', render: (_, row) => (row.active ? <Button size="small" danger onClick={() => setRevoking(row)}>撤销</Button> : null) },
        ]}
      />
      <PagerBar pages={pages} hasNextPage={connection?.pageInfo.hasNextPage} endCursor={connection?.pageInfo.endCursor} total={connection?.totalCount} loading={query.loading} />
      <Modal open={!!revoking} title={`撤销授权 ${revoking?.itemCode ?? ''} → ${revoking?.consumerDept ?? ''}`} okText="确认撤销" okButtonProps={{ danger: true }} cancelText="取消" confirmLoading={revokeState.loading} onOk={() => void doRevoke()} onCancel={() => { setRevoking(undefined); setError(undefined); }}>
        <Form layout="vertical">
          <Form.Item label="撤销理由" required>
            <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} aria-label="撤销理由" />
          </Form.Item>
        </Form>
        {error && <Alert type="error" showIcon title={error} />}
      </Modal>
      {granting && <GrantForm onClose={() => { setGranting(false); void query.refetch(); }} />}
      {grantingMatter && <MatterGrantForm onClose={() => { setGrantingMatter(false); void query.refetch(); }} />}
    </>
  );
}

interface GrantFormValues {
  consumerDept: string;
  itemCodes: string;
  purpose: string;
  scope: 'READ' | 'VERIFY';
  validUntil: Dayjs;
  dailyQuota?: number;
}

function GrantForm({ onClose }: { onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<GrantFormValues>();
  const [grant, state] = useMutation(GrantAccessMutation);
  const [error, setError] = useState<string>();
  const submit = async () => {
    const values = await form.validateFields();
    try {
      const itemCodes = values.itemCodes.split(/[\s,，]+/).filter(Boolean);
      await grant({ variables: { input: { consumerDept: values.consumerDept.trim(), itemCodes, purpose: values.purpose, scope: values.scope, unmasked: false, validUntil: values.validUntil.endOf('day').toISOString(), ...(values.dailyQuota ? { dailyQuota: values.dailyQuota } : {}) } } });
      message.success(`已授权 ${itemCodes.length} 个信息项`);
      onClose();
    } catch (caught) {
      setError(describeError(caught));
    }
  };
  return (
    <Modal open title="新增授权" okText="授权" cancelText="取消" confirmLoading={state.loading} onOk={() => void submit().catch(() => undefined)} onCancel={onClose}>
      <Form form={form} layout="vertical" initialValues={{ scope: 'READ', validUntil: dayjs().add(1, 'year') }}>
        <Form.Item name="consumerDept" label="使用部门代码" rules={[{ required: true, message: '请填写使用部门' }]}><Input /></Form.Item>
        <Form.Item name="itemCodes" label="信息项代码（逗号或空格分隔）" rules={[{ required: true, message: '请填写信息项' }]}><Input.TextArea rows={2} /></Form.Item>
        <Form.Item name="purpose" label="用途" rules={[{ required: true, message: '请填写用途' }]}><Input /></Form.Item>
        <Space>
          <Form.Item name="scope" label="范围"><Select style={{ width: 120 }} options={[{ value: 'READ', label: '查询' }, { value: 'VERIFY', label: '核验' }]} /></Form.Item>
          <Form.Item name="validUntil" label="有效期至" rules={[{ required: true, message: '请选择有效期' }]}><DatePicker /></Form.Item>
          <Form.Item name="dailyQuota" label="每日限额"><InputNumber min={1} /></Form.Item>
        </Space>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

/** A grant by matter: the department may fetch the matter's materials, for that matter only. */
function MatterGrantForm({ onClose }: { onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ consumerDept: string; matterCode: string; validUntil: Dayjs; dailyQuota?: number }>();
  const [grant, state] = useMutation(GrantMatterMutation);
  const matterSearch = useMatterSearch();
  const options = useMemo(() => matterSearch.matters.map((node) => ({ value: node.code, label: `${node.name}（${node.code}）` })), [matterSearch.matters]);
  const [error, setError] = useState<string>();
  const submit = async () => {
    const values = await form.validateFields();
    try {
      const { data } = await grant({ variables: { consumerDept: values.consumerDept.trim(), matterCode: values.matterCode, validUntil: values.validUntil.endOf('day').toISOString(), ...(values.dailyQuota ? { dailyQuota: values.dailyQuota } : {}) } });
      message.success(`已按事项授权 ${data?.grantMatter.itemCodes.length ?? 0} 个信息项`);
      onClose();
    } catch (caught) {
      setError(describeError(caught));
    }
  };
  return (
    <Modal open title="按事项授权" okText="授权" cancelText="取消" confirmLoading={state.loading} onOk={() => void submit().catch(() => undefined)} onCancel={onClose}>
      <Form form={form} layout="vertical" initialValues={{ validUntil: dayjs().add(1, 'year') }}>
        <Form.Item name="consumerDept" label="使用部门代码" rules={[{ required: true, message: '请填写使用部门' }]}><Input /></Form.Item>
        <Form.Item name="matterCode" label="事项" rules={[{ required: true, message: '请选择事项' }]}>
          <Select showSearch={{ filterOption: false, onSearch: matterSearch.search }} options={options} loading={matterSearch.searching} placeholder="输入中文关键词搜索" aria-label="事项" />
        </Form.Item>
        <Space>
          <Form.Item name="validUntil" label="有效期至" rules={[{ required: true, message: '请选择有效期' }]}><DatePicker /></Form.Item>
          <Form.Item name="dailyQuota" label="每日限额"><InputNumber min={1} /></Form.Item>
        </Space>
      </Form>
      {(error ?? matterSearch.error) && <Alert type="error" showIcon title={error ?? matterSearch.error} />}
    </Modal>
  );
}
