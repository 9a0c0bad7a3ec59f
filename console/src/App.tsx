import { useQuery } from '@apollo/client/react';
import { Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { DepartmentQuery } from './api/operations';
import { signOut, type ConsoleSettings, type SignedInPerson } from './auth/session';
import { AdminDesk } from './desks/admin/AdminDesk';
import { AuditDesk } from './desks/audit/AuditDesk';
import { WindowDesk } from './desks/window/WindowDesk';
import { ROLE_LABELS } from './lib/format';

type Desk = 'window' | 'admin' | 'audit';

const DESKS: { key: Desk; label: string; roles: string[] }[] = [
  { key: 'window', label: '窗口工作台', roles: ['consumer'] },
  { key: 'admin', label: '管理台', roles: ['admin', 'provider'] },
  { key: 'audit', label: '审计台', roles: ['auditor', 'admin'] },
];

function deskFromPath(allowed: Desk[]): Desk | undefined {
  const name = location.pathname.replace(/^\/console\/?/, '').split('/')[0] as Desk;
  return allowed.includes(name) ? name : allowed[0];
}

export function App({ person, settings }: { person: SignedInPerson; settings: ConsoleSettings }) {
  const allowed = DESKS.filter((desk) => desk.roles.some((role) => person.roles.includes(role))).map((desk) => desk.key);
  const [desk, setDesk] = useState<Desk | undefined>(() => deskFromPath(allowed));
  const department = useQuery(DepartmentQuery, { variables: { code: person.dept } });

  useEffect(() => {
    const onPop = () => setDesk(deskFromPath(allowed));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  });

  const open = (key: Desk) => {
    history.pushState(null, '', `/console/${key}`);
    setDesk(key);
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24, paddingInline: 24 }}>
        <Typography.Text strong style={{ color: '#fff', fontSize: 16, whiteSpace: 'nowrap' }}>sharehub 共享交换平台</Typography.Text>
        <nav aria-label="工作台" style={{ flex: 1, minWidth: 0 }}>
          <Menu
            theme="dark"
            mode="horizontal"
            selectedKeys={desk ? [desk] : []}
            items={DESKS.filter((d) => allowed.includes(d.key)).map((d) => ({ key: d.key, label: d.label }))}
            onClick={({ key }) => open(key as Desk)}
          />
        </nav>
        <Space size="small" style={{ color: '#fff' }} data-testid="signed-in">
          <span>{person.name ?? person.sub}</span>
          <span>· {department.data?.department?.shortName ?? person.dept}</span>
          {person.roles.map((role) => (
            <Tag key={role} color="blue" style={{ marginInlineEnd: 0 }}>{ROLE_LABELS[role] ?? role}</Tag>
          ))}
          <Button size="small" onClick={() => void signOut(settings)}>退出登录</Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        <main>
          {desk === 'window' && <WindowDesk person={person} />}
          {desk === 'admin' && <AdminDesk person={person} />}
          {desk === 'audit' && <AuditDesk />}
          {!desk && <Typography.Paragraph>您的角色（{person.roles.join(', ') || '无'}）没有可用的工作台。</Typography.Paragraph>}
        </main>
      </Layout.Content>
    </Layout>
  );
}
