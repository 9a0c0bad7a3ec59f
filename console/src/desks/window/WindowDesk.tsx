import { Tabs } from 'antd';
import { useState } from 'react';
import type { SignedInPerson } from '../../auth/session';
import { CaseRecordView } from './CaseRecordView';
import { CaseWorkbench } from './CaseWorkbench';
import { ItemLookup } from './ItemLookup';

export function WindowDesk({ person }: { person: SignedInPerson }) {
  const [tab, setTab] = useState('case');
  const [caseId, setCaseId] = useState<string>();
  const showRecord = (id: string) => {
    setCaseId(id);
    setTab('record');
  };
  return (
    <Tabs
      activeKey={tab}
      onChange={setTab}
      items={[
        { key: 'case', label: '一件事办理', children: <CaseWorkbench onShowRecord={showRecord} /> },
        { key: 'lookup', label: '单项查询与核验', children: <ItemLookup person={person} /> },
        { key: 'record', label: '办件记录', children: <CaseRecordView caseId={caseId} onOpen={setCaseId} /> },
      ]}
    />
  );
}
