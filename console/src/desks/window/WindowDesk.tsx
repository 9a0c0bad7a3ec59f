import { Tabs } from 'antd';
import type { SignedInPerson } from '../../auth/session';
import { ItemLookup } from './ItemLookup';

export function WindowDesk({ person }: { person: SignedInPerson }) {
  return (
    <Tabs
      items={[
        { key: 'lookup', label: '单项查询与核验', children: <ItemLookup person={person} /> },
      ]}
    />
  );
}
