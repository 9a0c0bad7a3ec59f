/** A V8 CPU profile as `node --cpu-prof` writes it. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber?: number }; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface FlameGraphOptions {
  /** The stage a sample taken on this node counts for (bench/stages.ts decides, as for the stage table). */
  stageOf: (nodeId: number) => string;
  /** Every stage in a fixed order: the n-th takes the n-th colour, so a stage keeps its colour from run to run. */
  stages: readonly string[];
  title?: string;
  /** What hover titles count in: sampled µs times `perSampledMicro` (e.g. µs per lookup). Default: sampled µs. */
  unit?: { name: string; perSampledMicro: number };
  /** Frames narrower than this share of the total are left out, with everything above them. */
  minShare?: number;
}

/**
 * Distinct colours (Kelly's list of maximum contrast, and a few more), one per stage in the order
 * given. Ordered so that the large stages of bench/stages.ts (HTTP, audit, source call, Apollo,
 * ValidationPipe, execute, GC) differ most; the receipt's two stages share yellows.
 */
const PALETTE = [
  '#f3c300', '#875692', '#f38400', '#a1caf1', '#e25822', '#c2b280', '#008856', '#e68fac', '#f6a600', '#f99379',
  '#604e97', '#0067a5', '#b3446c', '#dcd300', '#882d17', '#8db600', '#6fd3c5', '#be0032', '#4a6fe3', '#654522',
  '#fff27a', '#2b3d26', '#9e9e9e', '#c8c8c8', '#5c5c5c',
];
const UNLISTED_COLOUR = '#e0e0e0';
const WIDTH = 1200;
const PAD = 10;
const FRAME_HEIGHT = 16;
const FONT_SIZE = 11;
/** Verdana's average glyph width relative to its size, to cut labels that would overflow a frame. */
const CHAR_WIDTH = FONT_SIZE * 0.6;
const LEGEND_COLUMNS = 3;

/** A frame of the merged tree: every stack with the same labels from the root is one frame. */
interface Frame {
  label: string;
  /** µs of samples on this frame or above it. */
  total: number;
  /** µs of samples on this frame itself. */
  self: number;
  /** µs by stage of the profile nodes merged here; the largest colours the frame. */
  byStage: Map<string, number>;
  children: Map<string, Frame>;
}

/**
 * "function (path:line)" for a call frame: paths lose everything up to the last `/node_modules/`
 * or up to the build's `/dist/` (so the hub's own code reads `src/…`); built-ins keep `node:…`.
 */
export function frameLabel(callFrame: CpuProfile['nodes'][number]['callFrame']): string {
  const name = callFrame.functionName || '(anonymous)';
  if (!callFrame.url) return name;
  let path = callFrame.url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  const dist = path.lastIndexOf('/dist/');
  if (modules >= 0) path = path.slice(modules + '/node_modules/'.length);
  else if (dist >= 0) path = path.slice(dist + '/dist/'.length);
  return `${name} (${path}:${(callFrame.lineNumber ?? 0) + 1})`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[char]!);
}

/** The whole profile, for a window that did not match the profile's clock. */
export const WHOLE_PROFILE = { startMicros: -Infinity, endMicros: Infinity };

/**
 * The µs each node was sampled for inside [start, end] on the monotonic clock: a sample stands
 * for the time until the next one. Idle samples (the main thread waiting for work) are left out.
 * The stage table (bench/stages.ts) and the flame graph both count with it.
 */
export function sampledMicros(profile: CpuProfile, window: { startMicros: number; endMicros: number }): Map<number, number> {
  const idle = new Set(profile.nodes.filter((node) => node.callFrame.functionName === '(idle)').map((node) => node.id));
  const micros = new Map<number, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i];
    const spent = profile.timeDeltas[i + 1] ?? 0;
    const id = profile.samples[i];
    if (idle.has(id) || at < window.startMicros || at > window.endMicros) continue;
    micros.set(id, (micros.get(id) ?? 0) + spent);
  }
  return micros;
}

/** The sampled stacks merged into one tree, rooted in a frame for all of them. */
function mergedTree(profile: CpuProfile, micros: Map<number, number>, stageOf: (nodeId: number) => string): Frame {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const frame = (label: string): Frame => ({ label, total: 0, self: 0, byStage: new Map(), children: new Map() });
  const root = frame('all');
  for (const [id, spent] of micros) {
    // The stack from the root down to the sampled node; V8's own "(root)" node is not drawn.
    const stack: number[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) if (byId.get(at)!.callFrame.functionName !== '(root)') stack.unshift(at);
    let into = root;
    into.total += spent;
    for (const nodeId of stack) {
      const label = frameLabel(byId.get(nodeId)!.callFrame);
      let next = into.children.get(label);
      if (!next) into.children.set(label, (next = frame(label)));
      next.total += spent;
      const stage = stageOf(nodeId);
      next.byStage.set(stage, (next.byStage.get(stage) ?? 0) + spent);
      into = next;
    }
    into.self += spent;
  }
  return root;
}

function stageOfFrame(frame: Frame): string | undefined {
  let best: [string, number] | undefined;
  for (const entry of frame.byStage) if (!best || entry[1] > best[1]) best = entry;
  return best?.[0];
}

/** Black or white, whichever reads better on `fill`. */
function textColour(fill: string): string {
  const [r, g, b] = [1, 3, 5].map((at) => parseInt(fill.slice(at, at + 2), 16));
  return 0.299 * r + 0.587 * g + 0.114 * b > 140 ? '#000' : '#fff';
}

/**
 * An SVG flame graph of a CPU profile's main-thread samples inside `window` (µs on the monotonic
 * clock, as LoadResult.window), idle left out. Identical stacks are merged; a frame's width is
 * its share of the sampled µs, the root at the bottom and callees above their callers, siblings in
 * name order. A frame takes the colour of its stage (options.stageOf, the stage table's rule), so
 * a colour's self time adds up to that stage's row. Hovering shows the frame's µs and share.
 */
export function flameGraphSvg(profile: CpuProfile, window: { startMicros: number; endMicros: number }, options: FlameGraphOptions): string {
  const root = mergedTree(profile, sampledMicros(profile, window), options.stageOf);
  const total = root.total;
  const minMicros = total * (options.minShare ?? 0.001);
  const unit = options.unit ?? { name: 'µs sampled', perSampledMicro: 1 };
  const amount = (micros: number) => `${Math.round(micros * unit.perSampledMicro)} ${unit.name}`;
  const share = (micros: number) => `${total ? ((100 * micros) / total).toFixed(1) : '0.0'} %`;
  const colourOf = (stage: string | undefined) => {
    const index = stage === undefined ? -1 : options.stages.indexOf(stage);
    return index < 0 ? UNLISTED_COLOUR : PALETTE[index % PALETTE.length];
  };

  // Self time by stage, for the legend (the stage table's split).
  const selfByStage = new Map<string, number>();
  const visit = (frame: Frame): void => {
    const stage = stageOfFrame(frame);
    if (stage !== undefined && frame.self) selfByStage.set(stage, (selfByStage.get(stage) ?? 0) + frame.self);
    for (const child of frame.children.values()) visit(child);
  };
  visit(root);
  const legend = [...selfByStage.entries()].sort((a, b) => b[1] - a[1]);

  // Frames wide enough to draw, with their depth (the root is depth 0) and left edge in µs.
  const drawn: { frame: Frame; depth: number; x: number }[] = [];
  const place = (frame: Frame, depth: number, x: number): void => {
    if (frame.total < minMicros || frame.total === 0) return;
    drawn.push({ frame, depth, x });
    let at = x;
    for (const child of [...frame.children.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))) {
      place(child, depth + 1, at);
      at += child.total;
    }
  };
  place(root, 0, 0);
  const depth = Math.max(0, ...drawn.map((d) => d.depth)) + 1;

  const legendRows = Math.ceil(legend.length / LEGEND_COLUMNS);
  const chartTop = 50 + legendRows * 18 + 10;
  const height = chartTop + depth * FRAME_HEIGHT + PAD;
  const scale = total ? (WIDTH - 2 * PAD) / total : 0;
  const px = (value: number) => Math.round(value * 100) / 100;

  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Verdana, sans-serif" font-size="${FONT_SIZE}">`,
    `<rect width="100%" height="100%" fill="#fafafa"/>`,
    `<text x="${WIDTH / 2}" y="20" font-size="15" text-anchor="middle">${escapeXml(options.title ?? 'Flame graph')}</text>`,
    `<text x="${WIDTH / 2}" y="38" text-anchor="middle" fill="#555">${escapeXml(
      `width: share of the main thread's CPU samples in the measured run (${amount(total)}, idle left out); colour: stage; hover a frame for its ${unit.name}`,
    )}</text>`,
  ];
  legend.forEach(([stage, micros], i) => {
    const x = PAD + (i % LEGEND_COLUMNS) * ((WIDTH - 2 * PAD) / LEGEND_COLUMNS);
    const y = 50 + Math.floor(i / LEGEND_COLUMNS) * 18;
    out.push(
      `<g><title>${escapeXml(`${stage}: ${amount(micros)}, ${share(micros)} (self time)`)}</title>` +
        `<rect x="${x}" y="${y}" width="12" height="12" fill="${colourOf(stage)}"/>` +
        `<text x="${x + 18}" y="${y + 10}">${escapeXml(`${stage} ${share(micros)}`)}</text></g>`,
    );
  });
  for (const { frame, depth: level, x } of drawn) {
    const stage = stageOfFrame(frame);
    const fill = frame === root ? UNLISTED_COLOUR : colourOf(stage);
    const left = PAD + x * scale;
    const width = frame.total * scale;
    const y = chartTop + (depth - 1 - level) * FRAME_HEIGHT;
    const title = [
      frame.label,
      ...(frame === root ? [] : [`stage: ${stage ?? '—'}`]),
      `${amount(frame.total)}, ${share(frame.total)}${frame.self ? `; self ${amount(frame.self)}, ${share(frame.self)}` : ''}`,
    ].join('\n');
    const fits = Math.floor((width - 6) / CHAR_WIDTH);
    const text = fits < 3 ? '' : frame.label.length <= fits ? frame.label : `${frame.label.slice(0, fits - 2)}..`;
    out.push(
      `<g><title>${escapeXml(title)}</title>` +
        `<rect x="${px(left)}" y="${y}" width="${px(width)}" height="${FRAME_HEIGHT - 1}" rx="2" fill="${fill}"/>` +
        (text ? `<text x="${px(left + 3)}" y="${y + FRAME_HEIGHT - 4}" fill="${textColour(fill)}">${escapeXml(text)}</text>` : '') +
        `</g>`,
    );
  }
  out.push('</svg>', '');
  return out.join('\n');
}
