import { Tabs } from 'antd';
import { useState } from 'react';
import { AlertList } from './AlertList';
import { AuditCharts } from './AuditCharts';
import { CheckpointPanel } from './CheckpointPanel';
import { EventLog } from './EventLog';
import { SubjectView } from './SubjectView';

export function AuditDesk() {
  const [tab, setTab] = useState('events');
  const [proofEvent, setProofEvent] = useState<string>();
  const checkProof = (eventId: string) => {
    setProofEvent(eventId);
    setTab('checkpoint');
  };
  return (
    <Tabs
      activeKey={tab}
      onChange={setTab}
      items={[
        { key: 'events', label: '审计日志', children: <EventLog onCheckProof={checkProof} /> },
        { key: 'subject', label: '主体访问记录', children: <SubjectView onCheckProof={checkProof} /> },
        { key: 'alerts', label: '告警', children: <AlertList /> },
        { key: 'charts', label: '统计', children: <AuditCharts /> },
        { key: 'checkpoint', label: '检查点与证明', children: <CheckpointPanel eventId={proofEvent} /> },
      ]}
    />
  );
}
