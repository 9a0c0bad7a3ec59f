import { Tabs } from 'antd';
import type { SignedInPerson } from '../../auth/session';
import { CaseWorkbench } from './CaseWorkbench';
import { ItemLookup } from './ItemLookup';

export function WindowDesk({ person }: { person: SignedInPerson }) {
  return (
    <Tabs
      items={[
        { key: 'case', label: '一件事办理', children: <CaseWorkbench /> },
        { key: 'lookup', label: '单项查询与核验', children: <ItemLookup person={person} /> },
      ]}
    />
  );
}
