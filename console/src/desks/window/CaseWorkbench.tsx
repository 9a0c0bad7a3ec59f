import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Descriptions, Empty, Form, Input, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useMatterSearch } from '../../api/matter-search';
import { MatterQuery, PrepareCaseMutation } from '../../api/operations';
import type { PrepareCaseMutation as PrepareCaseResult, SubjectType } from '../../gql/graphql';
import { openAuthorizedFile } from '../../lib/authorized-file';
import { DENIAL_LABELS, describeError } from '../../lib/errors';
import { SubjectFields } from './SubjectFields';
import { StatusTag } from './ItemLookup';

type Bundle = PrepareCaseResult['prepareCase'];
type CaseMaterial = Bundle['materials'][number];

export const MATERIAL_STATUS: Record<string, string> = { OBTAINED: '已获取', MUST_SUBMIT: '需提交', DENIED: '无权限', FAILED: '失败', NOT_HELD: '无记录' };
export const ROLE_LABELS: Record<string, string> = { APPLICANT: '申请人', SPOUSE: '配偶', CHILD: '子女', DECEASED: '逝者', LEGAL_REPRESENTATIVE: '法定代表人', PROPERTY_CO_OWNER: '共有人', TRANSFEREE: '受让人' };
export const KIND_LABELS: Record<string, string> = { DATA: '共享数据', CERTIFICATE: '电子证照', SUBMIT: '申请人提交' };

interface CaseForm {
  caseNo: string;
  subjectType: SubjectType;
  subjectId: string;
  consentRef?: string;
}

/**
 * 一件事: pick a matter, enter the applicant and the case number, fetch every material in one call.
 * `onShowRecord` opens the case as recorded (办件记录) once it is prepared.
 */
export function CaseWorkbench({ onShowRecord }: { onShowRecord: (caseId: string) => void }) {
  const [form] = Form.useForm<CaseForm>();
  const matterSearch = useMatterSearch();
  const options = useMemo(
    () => matterSearch.matters.map((node) => ({ value: node.code, label: `${node.name}（${node.departmentName}）${node.bundle ? ' · 一件事' : ''}` })),
    [matterSearch.matters],
  );
  const [matterCode, setMatterCode] = useState<string>();
  const matter = useQuery(MatterQuery, { variables: { code: matterCode! }, skip: !matterCode });
  const [prepare, prepareState] = useMutation(PrepareCaseMutation);
  const [bundle, setBundle] = useState<Bundle>();
  const [error, setError] = useState<string>();

  const m = matter.data?.matter;
  useEffect(() => {
    if (m) form.setFieldValue('subjectType', m.applicantType);
  }, [m, form]);

  const run = async () => {
    const values = await form.validateFields();
    setError(undefined);
    setBundle(undefined);
    try {
      const { data } = await prepare({
        variables: {
          input: {
            matterCode: matterCode!,
            caseNo: values.caseNo.trim(),
            applicant: { type: values.subjectType, id: values.subjectId.trim().toUpperCase() },
            ...(values.consentRef?.trim() ? { consentRef: values.consentRef.trim() } : {}),
          },
        },
      });
      setBundle(data!.prepareCase);
    } catch (caught) {
      setError(describeError(caught));
    }
  };

  const open = (path: string) => openAuthorizedFile(path).catch((caught: Error) => setError(`无法打开文件：${caught.message}`));
  const consentNeeded = useMemo(() => (m?.materials ?? []).some((material) => (material.access?.consentItems.length ?? 0) > 0), [m]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title="一件事办理">
        <Space wrap align="start" style={{ marginBottom: 12 }}>
          <label htmlFor="matter-search" style={{ lineHeight: '32px' }}>办理事项：</label>
          <Select
            id="matter-search"
            aria-label="办理事项"
            showSearch={{ filterOption: false, onSearch: matterSearch.search }}
            placeholder="输入中文关键词搜索，如：二手房 过户"
            loading={matterSearch.searching}
            options={options}
            value={matterCode}
            onChange={(code: string) => { setMatterCode(code); setBundle(undefined); }}
            style={{ width: 460 }}
            notFoundContent={matterSearch.searching ? '搜索中…' : '没有匹配的事项'}
          />
        </Space>
        {m && (
          <Descriptions size="small" column={3} items={[
            { key: 'code', label: '事项编码', children: m.code },
            { key: 'dept', label: '牵头部门', children: m.departmentName },
            { key: 'category', label: '事项类型', children: m.category },
            { key: 'basis', label: '设定依据', children: m.legalBasis, span: 3 },
          ]} />
        )}
        {m && (
          <Form form={form} name="case" layout="inline" style={{ rowGap: 8, marginTop: 8 }}>
            <Form.Item name="caseNo" label="办件编号" rules={[{ required: true, message: '请填写办件编号' }]}><Input style={{ width: 180 }} /></Form.Item>
            <SubjectFields />
            <Form.Item name="consentRef" label="授权书编号" tooltip="涉及最高敏感级信息项的材料需要申请人授权" rules={consentNeeded ? [] : []}><Input style={{ width: 180 }} placeholder={consentNeeded ? '本事项部分材料需要' : '可选'} /></Form.Item>
            <Button type="primary" loading={prepareState.loading} onClick={() => void run().catch(() => undefined)}>获取材料</Button>
          </Form>
        )}
        {!m && !matter.loading && <Empty description="请先选择办理事项" image={Empty.PRESENTED_IMAGE_SIMPLE} />}
      </Card>
      {m && !bundle && (
        <Card size="small" title={`${m.name} · 申请材料（${m.materials.length}）`}>
          <Table size="small" rowKey="code" pagination={false} dataSource={m.materials} columns={[
            { title: '材料', dataIndex: 'name' },
            { title: '类别', dataIndex: 'kind', render: (kind: string) => KIND_LABELS[kind] ?? kind },
            { title: '主体', dataIndex: 'role', render: (role: string) => ROLE_LABELS[role] ?? role },
            { title: '必需', dataIndex: 'required', render: (required: boolean) => (required ? '是' : '否') },
            { title: '提供部门', dataIndex: 'provider' },
            { title: '本窗口可调取', render: (_, row) => (row.kind === 'SUBMIT' ? '—' : row.access?.fetchable ? <Tag color="green">可调取</Tag> : <Tag color="red">{row.access?.reason ? DENIAL_LABELS[row.access.reason] ?? row.access.reason : '不可调取'}</Tag>) },
          ]} />
        </Card>
      )}
      {(error ?? matterSearch.error) && <Alert type="error" showIcon title={error ?? matterSearch.error} role="alert" />}
      {bundle && <BundleView bundle={bundle} onOpen={open} onShowRecord={onShowRecord} />}
    </Space>
  );
}

function BundleView({ bundle, onOpen, onShowRecord }: { bundle: Bundle; onOpen: (path: string) => Promise<void>; onShowRecord: (caseId: string) => void }) {
  const departments = new Set(bundle.materials.filter((x) => x.status === 'OBTAINED' && x.department).map((x) => x.department));
  return (
    <Card
      size="small"
      data-testid="case-bundle"
      title={`${bundle.matter.name} · 办件 ${bundle.caseNo}`}
      extra={
        <Space>
          <Button onClick={() => onShowRecord(bundle.caseId)}>查看办件记录</Button>
          <Button type="primary" onClick={() => void onOpen(bundle.materialListUrl)}>打印材料清单</Button>
        </Space>
      }
    >
      <Space size="large" style={{ marginBottom: 12 }} wrap>
        <Statistic title="免提交" value={bundle.exempted} />
        <Statistic title="需提交" value={bundle.mustSubmit} />
        <Statistic title="提供部门" value={departments.size} />
        <Statistic title="用时" value={bundle.latencyMs} suffix="ms" />
      </Space>
      <Descriptions size="small" column={2} items={[
        { key: 'subject', label: '申请人', children: bundle.applicant.maskedId },
        { key: 'case', label: '办件 ID（请求编号）', children: <Typography.Text code copyable>{bundle.caseId}</Typography.Text> },
        { key: 'receipt', label: '回执', span: 2, children: <Typography.Text code copyable={{ text: bundle.receipt }} ellipsis style={{ maxWidth: 640 }}>{bundle.receipt}</Typography.Text> },
      ]} />
      <Table<CaseMaterial>
        size="small"
        rowKey={(row) => `${row.code}-${row.role}-${row.subject?.maskedId ?? ''}`}
        pagination={false}
        dataSource={bundle.materials}
        expandable={{
          rowExpandable: (row) => row.values.length > 0 || !!row.certificate,
          expandedRowRender: (row) =>
            row.certificate ? (
              <Descriptions size="small" column={3} items={[
                { key: 'type', label: '证照', children: row.certificate.typeName },
                { key: 'id', label: '证照标识', children: row.certificate.identifier },
                { key: 'number', label: '证照编号', children: row.certificate.number },
                { key: 'issuer', label: '颁发机构', children: row.certificate.issuer?.name },
                { key: 'status', label: '状态', children: row.certificate.status === 'VALID' ? '有效' : row.certificate.status },
                { key: 'valid', label: '有效期至', children: row.certificate.validTo ?? '长期' },
              ]} />
            ) : (
              <Descriptions size="small" column={3} items={row.values.map((v) => ({ key: v.itemCode, label: v.name, children: v.value ?? '—' }))} />
            ),
        }}
        columns={[
          { title: '材料', dataIndex: 'name' },
          { title: '主体', render: (_, row) => `${ROLE_LABELS[row.role] ?? row.role}${row.subject ? ` ${row.subject.maskedId}` : ''}` },
          { title: '状态', dataIndex: 'status', render: (status: string) => <StatusTag status={MATERIAL_STATUS[status] ?? status} /> },
          { title: '提供部门', dataIndex: 'department', render: (d?: string | null) => d ?? '—' },
          {
            title: '说明',
            render: (_, row) => (
              <Space size={4} wrap>
                {row.derivedFrom && <Tag color="blue">{row.derivedFrom}</Tag>}
                {row.reason && <span>{DENIAL_LABELS[row.reason] ?? row.reason}</span>}
                {row.certificate && <span>{row.certificate.typeName}</span>}
              </Space>
            ),
          },
          { title: '', render: (_, row) => (row.fileUrl ? <Button size="small" onClick={() => void onOpen(row.fileUrl!)}>查看证照</Button> : null) },
        ]}
      />
    </Card>
  );
}
