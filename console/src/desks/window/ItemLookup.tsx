import { useApolloClient, useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Descriptions, Form, Input, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { CertificatesQuery, LookupQuery, MyAccessQuery, VerifyQuery } from '../../api/operations';
import type { SignedInPerson } from '../../auth/session';
import { DENIAL_LABELS, describeError } from '../../lib/errors';
import { SubjectFields } from './SubjectFields';

export type MaterialStatus = '已获取' | '需提交' | '无权限' | '失败' | '无记录' | '一致' | '不一致';

const STATUS_COLORS: Record<string, string> = { 已获取: 'green', 一致: 'green', 不一致: 'orange', 需提交: 'gold', 无权限: 'red', 失败: 'volcano', 无记录: 'default' };

export function StatusTag({ status }: { status: string }) {
  return <Tag color={STATUS_COLORS[status] ?? 'default'} data-status={status}>{status}</Tag>;
}

interface Row {
  key: string;
  itemCode: string;
  name: string;
  status: MaterialStatus;
  value?: string | null;
  department?: string;
  note?: string;
}

interface Answer {
  kind: 'lookup' | 'verify';
  requestId: string;
  receipt?: string;
  maskedId: string;
  rows: Row[];
}

interface FormValues {
  matter: string;
  caseNo: string;
  subjectType: 'PERSON' | 'LEGAL_ENTITY';
  subjectId: string;
  itemCodes: string[];
  claimValue?: string;
}

/** Lookup and verify of single items, for matters that have no bundle. */
export function ItemLookup({ person }: { person: SignedInPerson }) {
  const client = useApolloClient();
  const access = useQuery(MyAccessQuery);
  const [form] = Form.useForm<FormValues>();
  const [answer, setAnswer] = useState<Answer>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const resource of access.data?.myAccess ?? []) for (const item of resource.items) map.set(item.itemCode, item.itemName);
    return map;
  }, [access.data]);

  const tree = (access.data?.myAccess ?? []).map((resource) => ({
    title: `${resource.resourceName}（${resource.providerDept}）${resource.resourceCode}`,
    value: resource.resourceCode,
    key: resource.resourceCode,
    children: resource.items.map((item) => ({ title: `${item.itemName} ${item.itemCode}`, value: item.itemCode, key: item.itemCode })),
  }));

  const run = async (kind: 'lookup' | 'verify') => {
    const values = await form.validateFields();
    const itemCodes = expand(values.itemCodes ?? [], access.data?.myAccess ?? []);
    const subject = { type: values.subjectType, id: values.subjectId.trim().toUpperCase() };
    const purpose = { matter: values.matter, caseNo: values.caseNo };
    setBusy(true);
    setError(undefined);
    try {
      if (kind === 'lookup') {
        const { data } = await client.query({ query: LookupQuery, variables: { subject, itemCodes, purpose } });
        const result = data!.lookup;
        const rows: Row[] = [
          ...result.values.map((v) => ({ key: v.itemCode, itemCode: v.itemCode, name: v.name, status: '已获取' as const, value: v.value, department: v.department, note: v.masked ? '已脱敏' : undefined })),
          ...result.denied.map((d) => ({ key: d.itemCode, itemCode: d.itemCode, name: names.get(d.itemCode) ?? d.itemCode, status: '无权限' as const, note: DENIAL_LABELS[d.reason] ?? d.reason })),
          ...result.failures.map((f) => ({ key: f.resourceCode, itemCode: f.resourceCode, name: `资源 ${f.resourceCode}`, status: '失败' as const, note: `${f.code}` })),
          ...result.notFound.map((code) => ({ key: `nf-${code}`, itemCode: code, name: `资源 ${code}`, status: '无记录' as const })),
        ];
        setAnswer({ kind, requestId: result.requestId, receipt: result.receipt, maskedId: result.subject.maskedId, rows });
      } else {
        const claims = itemCodes.map((itemCode) => ({ itemCode, value: values.claimValue ?? '' }));
        const { data } = await client.query({ query: VerifyQuery, variables: { subject, claims, purpose } });
        const result = data!.verify;
        const rows: Row[] = [
          ...result.results.map((r) => ({ key: r.itemCode, itemCode: r.itemCode, name: names.get(r.itemCode) ?? r.itemCode, status: (r.match ? '一致' : '不一致') as MaterialStatus })),
          ...result.denied.map((d) => ({ key: d.itemCode, itemCode: d.itemCode, name: names.get(d.itemCode) ?? d.itemCode, status: '无权限' as const, note: DENIAL_LABELS[d.reason] ?? d.reason })),
          ...result.failures.map((f) => ({ key: f.resourceCode, itemCode: f.resourceCode, name: `资源 ${f.resourceCode}`, status: '失败' as const, note: f.code })),
          ...result.notFound.map((code) => ({ key: `nf-${code}`, itemCode: code, name: `资源 ${code}`, status: '无记录' as const })),
        ];
        setAnswer({ kind, requestId: result.requestId, maskedId: result.subject.maskedId, rows });
      }
    } catch (caught) {
      setAnswer(undefined);
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title="单项查询与核验" size="small">
        <Form form={form} name="lookup" layout="inline" initialValues={{ matter: '不动产转移登记', caseNo: '' }} style={{ rowGap: 8 }}>
          <Form.Item name="matter" label="办理事项" rules={[{ required: true, message: '请填写办理事项' }]}>
            <Input style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="caseNo" label="办件编号" rules={[{ required: true, message: '请填写办件编号' }]}>
            <Input style={{ width: 180 }} />
          </Form.Item>
          <SubjectFields />
          <Form.Item name="itemCodes" label="信息项" rules={[{ required: true, message: '请选择信息项' }]} style={{ minWidth: 420 }}>
            <TreeSelect
              treeData={tree}
              treeCheckable
              showCheckedStrategy={TreeSelect.SHOW_PARENT}
              placeholder={access.loading ? '正在读取可用信息项…' : '选择资源或信息项'}
              maxTagCount={3}
              aria-label="信息项"
              style={{ width: 420 }}
            />
          </Form.Item>
          <Form.Item name="claimValue" label="核验值（仅核验）">
            <Input style={{ width: 200 }} />
          </Form.Item>
          <Space>
            <Button type="primary" loading={busy} onClick={() => void run('lookup').catch(() => undefined)}>查询</Button>
            <Button loading={busy} onClick={() => void run('verify').catch(() => undefined)}>核验</Button>
          </Space>
        </Form>
        {access.error && <Alert type="error" showIcon title={describeError(access.error)} style={{ marginTop: 12 }} />}
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          以 {person.dept} 的名义查询；每次查询都写入审计日志并生成回执。
        </Typography.Paragraph>
      </Card>
      {error && <Alert type="error" showIcon title={error} role="alert" />}
      {answer && (
        <Card title={answer.kind === 'lookup' ? '查询结果' : '核验结果'} size="small" data-testid="lookup-result">
          <Descriptions size="small" column={2} items={[
            { key: 's', label: '主体', children: answer.maskedId },
            { key: 'r', label: '请求编号', children: <Typography.Text code copyable>{answer.requestId}</Typography.Text> },
            ...(answer.receipt ? [{ key: 'c', label: '回执', children: <Typography.Text code copyable={{ text: answer.receipt }} ellipsis style={{ maxWidth: 420 }}>{answer.receipt}</Typography.Text> }] : []),
          ]} />
          <Table<Row>
            size="small"
            pagination={false}
            rowKey="key"
            dataSource={answer.rows}
            columns={[
              { title: '信息项', dataIndex: 'name' },
              { title: '代码', dataIndex: 'itemCode' },
              { title: '状态', dataIndex: 'status', render: (status: string) => <StatusTag status={status} /> },
              { title: '值', dataIndex: 'value', render: (value?: string | null) => value ?? '' },
              { title: '提供部门', dataIndex: 'department' },
              { title: '说明', dataIndex: 'note' },
            ]}
          />
        </Card>
      )}
      <CertificateBox form={form} />
    </Space>
  );
}

/** A resource code picked in the tree stands for all of its granted items. */
function expand(selected: string[], access: { resourceCode: string; items: { itemCode: string }[] }[]): string[] {
  return selected.flatMap((code) => access.find((resource) => resource.resourceCode === code)?.items.map((item) => item.itemCode) ?? [code]);
}

function CertificateBox({ form }: { form: ReturnType<typeof Form.useForm<FormValues>>[0] }) {
  const client = useApolloClient();
  const [rows, setRows] = useState<Array<{ typeCode: string; typeName: string; delivery: string; reason?: string | null; identifier?: string | null; issuer?: { name?: string | null; department: string } | null; status?: string | null }>>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const fetchCertificates = async () => {
    const values = await form.validateFields(['matter', 'caseNo', 'subjectType', 'subjectId']);
    setBusy(true);
    setError(undefined);
    try {
      const { data } = await client.query({
        query: CertificatesQuery,
        variables: { holder: { type: values.subjectType, id: values.subjectId.trim().toUpperCase() }, purpose: { matter: values.matter, caseNo: values.caseNo } },
      });
      setRows(data!.certificates);
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };
  const deliveryLabel: Record<string, string> = { DELIVERED: '已获取', REFUSED: '无权限', NOT_HELD: '无记录', UNAVAILABLE: '失败' };
  return (
    <Card title="电子证照" size="small" extra={<Button loading={busy} onClick={() => void fetchCertificates().catch(() => undefined)}>调取电子证照</Button>}>
      {error && <Alert type="error" showIcon title={error} />}
      {rows && (
        <Table
          size="small"
          rowKey="typeCode"
          pagination={false}
          dataSource={rows}
          columns={[
            { title: '证照', dataIndex: 'typeName' },
            { title: '状态', dataIndex: 'delivery', render: (d: string) => <StatusTag status={deliveryLabel[d] ?? d} /> },
            { title: '证照标识', dataIndex: 'identifier', render: (id?: string | null) => (id ? <Typography.Text code copyable>{id}</Typography.Text> : '') },
            { title: '颁发部门', render: (_: unknown, row) => row.issuer?.name ?? row.issuer?.department ?? '' },
            { title: '说明', dataIndex: 'reason', render: (r?: string | null) => (r ? DENIAL_LABELS[r] ?? r : '') },
          ]}
        />
      )}
    </Card>
  );
}
