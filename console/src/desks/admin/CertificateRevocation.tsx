import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Form, Input, Table } from 'antd';
import { useState } from 'react';
import { CertificateTypesQuery, RevokeCertificateMutation } from '../../api/operations';
import { describeError } from '../../lib/errors';

export function CertificateRevocation() {
  const { message } = App.useApp();
  const types = useQuery(CertificateTypesQuery);
  const [revoke, state] = useMutation(RevokeCertificateMutation);
  const [form] = Form.useForm<{ identifier: string; reason: string }>();
  const [error, setError] = useState<string>();
  const submit = async () => {
    const values = await form.validateFields();
    try {
      const { data } = await revoke({ variables: { identifier: values.identifier.trim(), reason: values.reason.trim() } });
      message.success(`已注销 ${data?.revokeCertificate.identifier ?? ''}`);
      form.resetFields();
      setError(undefined);
    } catch (caught) {
      setError(describeError(caught));
    }
  };
  return (
    <>
      <Card size="small" title="注销电子证照" style={{ marginBottom: 16 }}>
        <Form form={form} layout="inline">
          <Form.Item name="identifier" label="证照标识" rules={[{ required: true, message: '请填写证照标识' }]}><Input style={{ width: 320 }} /></Form.Item>
          <Form.Item name="reason" label="注销原因" rules={[{ required: true, message: '请填写注销原因' }]}><Input style={{ width: 260 }} /></Form.Item>
          <Button danger loading={state.loading} onClick={() => void submit().catch(() => undefined)}>注销</Button>
        </Form>
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      </Card>
      <Table size="small" rowKey="typeCode" loading={types.loading} dataSource={types.data?.certificateTypes ?? []} pagination={{ pageSize: 10 }} columns={[
        { title: '证照类型代码', dataIndex: 'typeCode' }, { title: '证照名称', dataIndex: 'name' }, { title: '颁发部门', dataIndex: 'issuerName' },
        { title: '持证主体', dataIndex: 'holderType', render: (t: string) => (t === 'PERSON' ? '自然人' : '法人') }, { title: '资源代码', dataIndex: 'resourceCode' },
      ]} />
    </>
  );
}
