import { Button, Table, Tag, Tooltip } from 'antd';
import { DENIAL_LABELS } from '../../lib/errors';
import { KIND_LABELS, OUTCOME_LABELS, formatTime } from '../../lib/format';

export interface EventRow {
  id: string;
  kind: string;
  time: string;
  outcome?: string | null;
  consumerDept: string;
  principalSub: string;
  principalName?: string | null;
  caseNo?: string | null;
  matter?: string | null;
  subjectMasked?: string | null;
  itemsReleased: string[];
  itemsDenied: { itemCode: string; reason: string }[];
  leafIndex: number;
  action?: string | null;
}

const OUTCOME_COLORS: Record<string, string> = { OK: 'green', PARTIAL: 'gold', DENIED: 'red', ERROR: 'volcano' };

export function EventTable({ rows, loading, onCheckProof }: { rows: EventRow[]; loading: boolean; onCheckProof: (id: string) => void }) {
  return (
    <Table<EventRow>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 1180 }}
      columns={[
        { title: '时间', dataIndex: 'time', render: formatTime, width: 160 },
        { title: '类型', dataIndex: 'kind', render: (kind: string, row) => (row.action ? `${KIND_LABELS[kind]}·${row.action}` : KIND_LABELS[kind] ?? kind), width: 110 },
        { title: '结果', dataIndex: 'outcome', render: (o?: string | null) => (o ? <Tag color={OUTCOME_COLORS[o]}>{OUTCOME_LABELS[o] ?? o}</Tag> : '—'), width: 80 },
        { title: '部门', dataIndex: 'consumerDept', width: 120 },
        { title: '经办人', render: (_, row) => row.principalName ?? row.principalSub, width: 110 },
        { title: '事项 / 办件', render: (_, row) => [row.matter, row.caseNo].filter(Boolean).join(' / ') || '—' },
        { title: '主体', dataIndex: 'subjectMasked', render: (s?: string | null) => s ?? '—', width: 170 },
        {
          title: '放行 / 拒绝',
          render: (_, row) => (
            <Tooltip title={row.itemsDenied.map((d) => `${d.itemCode} ${DENIAL_LABELS[d.reason] ?? d.reason}`).join('；') || undefined}>
              <span>{row.itemsReleased.length} / {row.itemsDenied.length}</span>
            </Tooltip>
          ),
          width: 90,
        },
        { title: '日志序号', dataIndex: 'leafIndex', width: 80 },
        { title: '证明', render: (_, row) => <Button size="small" onClick={() => onCheckProof(row.id)}>校验</Button>, width: 70 },
      ]}
    />
  );
}
