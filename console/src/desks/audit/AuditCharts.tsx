import { useApolloClient } from '@apollo/client/react';
import { Alert, Card, Col, Row, Segmented, Spin } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { AuditStatsQuery, MatterStatsQuery } from '../../api/operations';
import type { MatterStatsQuery as MatterStatsResult, AuditStatsQuery as StatsResult } from '../../gql/graphql';
import { EChart } from '../../lib/EChart';
import { describeError } from '../../lib/errors';

type Stat = StatsResult['auditStats'][number];

/** Lookups per department per day (one CONSUMER_DEPT grouping per day) and the daily denial rate. */
export function AuditCharts() {
  const client = useApolloClient();
  const [days, setDays] = useState(7);
  const [perDay, setPerDay] = useState<{ day: string; stats: Stat[] }[]>();
  const [daily, setDaily] = useState<Stat[]>();
  const [matters, setMatters] = useState<MatterStatsResult['matterStats']>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let cancelled = false;
    const start = dayjs().startOf('day').subtract(days - 1, 'day');
    const dayList = Array.from({ length: days }, (_, i) => start.add(i, 'day'));
    setPerDay(undefined);
    Promise.all([
      ...dayList.map(async (day) => {
        const { data } = await client.query({ query: AuditStatsQuery, variables: { from: day.toISOString(), to: day.add(1, 'day').toISOString(), groupBy: 'CONSUMER_DEPT' } });
        return { day: day.format('MM-DD'), stats: data!.auditStats };
      }),
    ])
      .then(async (rows) => {
        const { data } = await client.query({ query: AuditStatsQuery, variables: { from: start.toISOString(), to: dayjs().endOf('day').toISOString(), groupBy: 'DAY' } });
        const byMatter = await client.query({ query: MatterStatsQuery, variables: { from: start.toISOString(), to: dayjs().endOf('day').toISOString(), groupBy: 'MATTER' } });
        if (cancelled) return;
        setMatters(byMatter.data!.matterStats);
        setPerDay(rows);
        setDaily([...data!.auditStats].sort((a, b) => a.key.localeCompare(b.key)));
      })
      .catch((caught: unknown) => !cancelled && setError(describeError(caught)));
    return () => {
      cancelled = true;
    };
  }, [client, days]);

  const perDeptOption = useMemo(() => {
    if (!perDay) return undefined;
    const departments = [...new Set(perDay.flatMap((row) => row.stats.map((s) => s.key)))];
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: perDay.map((row) => row.day) },
      yAxis: { type: 'value', name: '次' },
      series: departments.map((dept) => ({ name: dept, type: 'bar', stack: 'all', data: perDay.map((row) => row.stats.find((s) => s.key === dept)?.events ?? 0) })),
    };
  }, [perDay]);

  const denialOption = useMemo(() => {
    if (!daily) return undefined;
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
      grid: { left: 40, right: 16, top: 30, bottom: 30 },
      xAxis: { type: 'category', data: daily.map((s) => s.key.slice(5)) },
      yAxis: { type: 'value', name: '%', max: 100 },
      series: [{ name: '拒绝率', type: 'line', data: daily.map((s) => (s.events ? Math.round((1000 * s.denied) / s.events) / 10 : 0)) }],
    };
  }, [daily]);

  const exemptionOption = useMemo(() => {
    if (!matters) return undefined;
    const groups = [...matters.groups].sort((a, b) => (b.exemptionRate ?? 0) - (a.exemptionRate ?? 0)).slice(0, 12);
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
      grid: { left: 150, right: 24, top: 10, bottom: 30 },
      xAxis: { type: 'value', max: 100, name: '%' },
      yAxis: { type: 'category', inverse: true, data: groups.map((g) => g.label ?? g.key) },
      series: [{ name: '免提交率', type: 'bar', data: groups.map((g) => Math.round((g.exemptionRate ?? 0) * 1000) / 10) }],
    };
  }, [matters]);

  return (
    <>
      <Segmented value={days} onChange={(v) => setDays(Number(v))} options={[{ value: 7, label: '近 7 天' }, { value: 30, label: '近 30 天' }]} style={{ marginBottom: 12 }} />
      {error && <Alert type="error" showIcon title={error} />}
      <Row gutter={16}>
        <Col span={14}>
          <Card size="small" title="各部门每日查询量">
            {perDeptOption ? <EChart option={perDeptOption} label="各部门每日查询量柱状图" /> : <Spin description="正在统计…" />}
          </Card>
        </Col>
        <Col span={10}>
          <Card size="small" title="每日拒绝率">
            {denialOption ? <EChart option={denialOption} label="每日拒绝率折线图" /> : <Spin description="正在统计…" />}
          </Card>
        </Col>
      </Row>
      <Card size="small" title={`各事项免提交率${matters ? `（共 ${matters.total.cases} 件，整体 ${matters.total.exemptionRate === null || matters.total.exemptionRate === undefined ? '—' : `${Math.round(matters.total.exemptionRate * 1000) / 10}%`}）` : ''}`} style={{ marginTop: 16 }}>
        {exemptionOption ? <EChart option={exemptionOption} label="各事项免提交率条形图" height={260} /> : <Spin description="正在统计…" />}
      </Card>
    </>
  );
}
