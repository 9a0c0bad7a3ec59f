import { Tabs } from 'antd';
import type { SignedInPerson } from '../../auth/session';
import { ApplicationQueue } from './ApplicationQueue';
import { CatalogBrowser } from './CatalogBrowser';
import { CertificateRevocation } from './CertificateRevocation';
import { Departments } from './Departments';
import { GrantList } from './GrantList';
import { SourceHealthList } from './SourceHealthList';

export function AdminDesk({ person }: { person: SignedInPerson }) {
  const isAdmin = person.roles.includes('admin');
  return (
    <Tabs
      items={[
        { key: 'applications', label: '共享申请', children: <ApplicationQueue /> },
        { key: 'grants', label: '授权管理', children: <GrantList isAdmin={isAdmin} /> },
        { key: 'catalog', label: '资源目录', children: <CatalogBrowser /> },
        { key: 'departments', label: '部门', children: <Departments /> },
        ...(isAdmin ? [{ key: 'sources', label: '数据源', children: <SourceHealthList /> }] : []),
        { key: 'certificates', label: '证照注销', children: <CertificateRevocation /> },
      ]}
    />
  );
}
