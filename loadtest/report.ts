import { markdownTable } from '../bench/lib.js';
import type { CheckResult, MemorySample, Recovery } from './checks.js';
import type { FaultWindow } from './faults.js';
import type { Outcome } from './runner.js';

export interface ReportInput {
  settings: string;
  durationMs: number;
  outcomes: Outcome[];
  windows: FaultWindow[];
  recoveries: Recovery[];
  memory: MemorySample[];
  memoryTimeline: { atMs: number; rss: Record<string, number> }[];
  checks: CheckResult[];
}

/** The whole report as Markdown: settings, fault schedule, per-operation and per-window figures, recovery, checks. */
export function renderReport(input: ReportInput): string {
  const seconds = input.durationMs / 1000;
  const sections = [
    `## sharehub load test\n${input.settings}`,
    '### Fault schedule\n' +
      markdownTable(
        ['fault', 'target', 'from', 'to'],
        input.windows.map((w) => [w.name, w.target, `${(w.startMs / 1000).toFixed(1)} s`, `${(w.endMs / 1000).toFixed(1)} s`]),
      ),
    '### Per operation, whole run\n' +
      markdownTable(
        ['operation', 'requests', 'req/s', 'answered in full', 'p50', 'p99', 'errors (top codes)'],
        [...groupBy(input.outcomes, (o) => o.op), ['all', input.outcomes] as const].map(([name, list]) => statsRow(name, list, seconds)),
      ),
    '### Per window\n' +
      markdownTable(
        ['window', 'requests', 'req/s', 'answered in full', 'p50', 'p99', 'errors (top codes)'],
        windowsOf(input.windows, input.durationMs).map(({ name, from, to }) =>
          statsRow(
            name,
            input.outcomes.filter((o) => o.sentAt >= from && o.sentAt < to),
            (to - from) / 1000,
          ),
        ),
      ),
    '### Per operation and window (req/s · answered in full · p99)\n' +
      markdownTable(
        ['operation', ...windowsOf(input.windows, input.durationMs).map((w) => w.name.trim())],
        [...groupBy(input.outcomes, (o) => o.op)].map(([name, list]) => [
          name,
          ...windowsOf(input.windows, input.durationMs).map(({ from, to }) => {
            const inside = list.filter((o) => o.sentAt >= from && o.sentAt < to);
            if (!inside.length) return '';
            const latencies = inside.map((o) => o.receivedAt - o.sentAt).sort((a, b) => a - b);
            const full = inside.filter((o) => o.ok).length / inside.length;
            return `${(inside.length / ((to - from) / 1000)).toFixed(0)} · ${(full * 100).toFixed(0)}% · ${percentile(latencies, 0.99).toFixed(0)} ms`;
          }),
        ]),
      ),
    '### Recovery after each fault (≥ 99% answered in full over 2 s)\n' +
      markdownTable(
        ['fault', 'replica', 'recovered after'],
        input.recoveries.map((r) => [r.fault, r.replica, r.recoveredAfterMs === undefined ? 'never' : `${(r.recoveredAfterMs / 1000).toFixed(2)} s`]),
      ),
    '### Memory (RSS)\n' +
      markdownTable(
        ['replica', 'after warm-up', 'at end', 'change'],
        input.memory.map((m) => [m.replica, `${(m.afterWarmUp / 2 ** 20).toFixed(0)} MB`, `${(m.atEnd / 2 ** 20).toFixed(0)} MB`, `${((m.atEnd / m.afterWarmUp - 1) * 100).toFixed(1)}%`]),
      ),
    '### RSS over the run\n' +
      markdownTable(
        ['at', ...Object.keys(input.memoryTimeline[0]?.rss ?? {})],
        input.memoryTimeline.map((point) => [`${(point.atMs / 1000).toFixed(0)} s`, ...Object.values(point.rss).map((bytes) => (bytes ? `${(bytes / 2 ** 20).toFixed(0)} MB` : 'down'))]),
      ),
    '### Checks\n' + markdownTable(['check', 'result', 'detail'], input.checks.map((c) => [c.name, c.pass ? 'pass' : '**FAIL**', c.detail])),
  ];
  return sections.join('\n\n') + '\n';
}

function statsRow(name: string, list: readonly Outcome[], seconds: number): string[] {
  const latencies = list.map((o) => o.receivedAt - o.sentAt).sort((a, b) => a - b);
  const full = list.filter((o) => o.ok).length;
  const codes = [...groupBy(list.filter((o) => o.errorCode), (o) => o.errorCode!)]
    .sort((a, b) => b[1].length - a[1].length)
    .slice(0, 3)
    .map(([code, l]) => `${code} ${l.length}`);
  const failures = list.filter((o) => !o.errorCode && o.sourceFailures).length;
  if (failures) codes.push(`source failures in ${failures}`);
  return [
    name,
    String(list.length),
    (list.length / Math.max(seconds, 0.001)).toFixed(0),
    list.length ? `${((full / list.length) * 100).toFixed(2)}%` : '',
    `${percentile(latencies, 0.5).toFixed(0)} ms`,
    `${percentile(latencies, 0.99).toFixed(0)} ms`,
    codes.join(', '),
  ];
}

/** The quiet stretches and fault windows in time order (a fault window runs to the next one's start, to show recovery). */
function windowsOf(faults: FaultWindow[], durationMs: number): { name: string; from: number; to: number }[] {
  const starts = [...new Set(faults.map((f) => f.startMs))].sort((a, b) => a - b);
  const result = [{ name: 'before faults', from: 0, to: starts[0] ?? durationMs }];
  for (const [i, start] of starts.entries()) {
    const names = faults.filter((f) => f.startMs === start).map((f) => f.name);
    const end = Math.max(...faults.filter((f) => f.startMs === start).map((f) => f.endMs));
    const next = starts[i + 1] ?? durationMs;
    result.push({ name: names.length > 1 ? `${names.length} source faults` : names[0], from: start, to: end });
    result.push({ name: `  after it (${((next - end) / 1000).toFixed(0)} s)`, from: end, to: next });
  }
  return result;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)];
}

function groupBy<T>(list: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of list) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
