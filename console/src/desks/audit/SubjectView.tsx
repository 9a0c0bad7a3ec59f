import { useQuery } from '@apollo/client/react';
import { Alert, Button, Form, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { SubjectAccessLogQuery } from '../../api/operations';
import type { SubjectInput } from '../../gql/graphql';
import { describeError } from '../../lib/errors';
import { PagerBar, useCursorPages } from '../../lib/paging';
import { EventTable } from './EventTable';

/** Who read this person's (or company's) data, when and for which case. */
export function SubjectView({ onCheckProof }: { onCheckProof: (id: string) => void }) {
  const [subject, setSubject] = useState<SubjectInput>();
  const pages = useCursorPages(20);
  const query = useQuery(SubjectAccessLogQuery, { variables: { subject: subject!, first: pages.first, after: pages.after }, skip: !subject });
  const connection = query.data?.subjectAccessLog;
  return (
    <>
      <Form layout="inline" style={{ marginBottom: 12 }} onFinish={(values: { type: SubjectInput['type']; id: string }) => { setSubject({ type: values.type, id: values.id.trim().toUpperCase() }); pages.reset(); }} initialValues={{ type: 'PERSON' }}>
        <Form.Item name="type" label="主体类型"><Select style={{ width: 120 }} options={[{ value: 'PERSON', label: '自然人' }, { value: 'LEGAL_ENTITY', label: '法人' }]} /></Form.Item>
        <Form.Item name="id" label="证件号" rules={[{ required: true, message: '请输入证件号' }]}><Input style={{ width: 240 }} autoComplete="off" /></Form.Item>
        <Space><Button type="primary" htmlType="submit">查看访问记录</Button></Space>
      </Form>
      <Typography.Paragraph type="secondary">本次查看本身也会记入审计日志。</Typography.Paragraph>
      {query.error && <Alert type="error" showIcon title={describeError(query.error)} />}
      {subject && (
        <>
          <EventTable rows={connection?.edges.map((edge) => edge.node) ?? []} loading={query.loading} onCheckProof={onCheckProof} />
          <PagerBar pages={pages} hasNextPage={connection?.pageInfo.hasNextPage} endCursor={connection?.pageInfo.endCursor} loading={query.loading} />
        </>
      )}
    </>
  );
}
