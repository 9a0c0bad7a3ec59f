import { flameGraphSvg, frameLabel, type CpuProfile } from '../../bench/flame-graph.js';

const ROOT = '/work/sharehub';

/**
 * A hand-made profile. Node 1 is V8's (root); 2 its idle node; 3 → 4 → 5 a lookup's stack in the
 * hub, and 6 a second node for the same function as 5 (another column: V8 keeps them apart).
 * 7 is a library frame under 3 whose name needs escaping; 8 is a frame only sampled outside the window.
 */
function profile(): CpuProfile {
  const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });
  return {
    nodes: [
      { id: 1, callFrame: frame('(root)', ''), children: [2, 3, 8] },
      { id: 2, callFrame: frame('(idle)', '') },
      { id: 3, callFrame: frame('handle', `file://${ROOT}/dist/src/exchange/lookup.js`, 9), children: [4, 7] },
      { id: 4, callFrame: frame('sign', `file://${ROOT}/dist/src/exchange/receipt-signer.js`, 19), children: [5, 6] },
      { id: 5, callFrame: frame('digest', `file://${ROOT}/node_modules/jose/dist/node/sign.js`, 4) },
      { id: 6, callFrame: frame('digest', `file://${ROOT}/node_modules/jose/dist/node/sign.js`, 4) },
      { id: 7, callFrame: frame('a<b>&"c"', `file://${ROOT}/node_modules/pg/lib/client.js`, 99) },
      { id: 8, callFrame: frame('warmUp', `file://${ROOT}/dist/src/main.js`, 0) },
    ],
    startTime: 1_000,
    // Sample i is taken at startTime + the sum of timeDeltas[0..i] and stands for timeDeltas[i + 1] µs.
    // Times:         1100 1200 1300 1400 1500 1600 1700 1800 1900 2000 2100 2200 2300
    samples: /*     */ [8, 8, 5, 6, 5, 3, 3, 7, 2, 2, 2, 4, 8],
    timeDeltas: /* */ [100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100],
  };
}

/** Measured window: samples at 1300 through 2200 (the 8s before and after fall outside). */
const WINDOW = { startMicros: 1_250, endMicros: 2_250 };
const STAGE_OF: Record<number, string> = { 3: 'exchange', 4: 'receipt', 5: 'receipt', 6: 'receipt', 7: 'driver', 8: 'startup' };
const STAGES = ['receipt', 'exchange', 'driver', 'startup'];
const COLOURS = { receipt: '#f3c300', exchange: '#875692', driver: '#f38400' };

interface Drawn {
  label: string;
  title: string;
  x: number;
  y: number;
  width: number;
  fill: string;
}

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&apos;': "'" };
const unescape = (text: string) => text.replace(/&(lt|gt|amp|quot|apos);/g, (entity) => ENTITIES[entity]);

/** The frames of the chart (the legend's swatches are left out: they are 12 px high). */
function frames(svg: string): Drawn[] {
  const found = [...svg.matchAll(/<g><title>([^<]*)<\/title><rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="15"[^>]*fill="(#\w+)"/g)];
  return found.map(([, escaped, x, y, width, fill]) => {
    const title = unescape(escaped);
    return { label: title.split('\n')[0], title, x: Number(x), y: Number(y), width: Number(width), fill };
  });
}

function render(options: Partial<Parameters<typeof flameGraphSvg>[2]> = {}, window = WINDOW): string {
  return flameGraphSvg(profile(), window, { stageOf: (id) => STAGE_OF[id], stages: STAGES, ...options });
}

function byLabel(svg: string): Map<string, Drawn> {
  return new Map(frames(svg).map((frame) => [frame.label, frame]));
}

describe('flameGraphSvg', () => {
  it('labels frames "function (path:line)" with paths from node_modules or the built src/', () => {
    expect(frameLabel({ functionName: 'sign', url: `file://${ROOT}/dist/src/exchange/receipt-signer.js`, lineNumber: 19 })).toBe('sign (src/exchange/receipt-signer.js:20)');
    expect(frameLabel({ functionName: 'digest', url: `file://${ROOT}/node_modules/a/node_modules/jose/dist/node/sign.js`, lineNumber: 4 })).toBe('digest (jose/dist/node/sign.js:5)');
    expect(frameLabel({ functionName: '', url: 'node:internal/process/task_queues', lineNumber: 76 })).toBe('(anonymous) (node:internal/process/task_queues:77)');
    expect(frameLabel({ functionName: '(garbage collector)', url: '' })).toBe('(garbage collector)');
  });

  it('merges identical stacks and makes widths proportional to the samples under each frame', () => {
    const drawn = byLabel(render());
    // In the window: digest ×3 (nodes 5 and 6, one frame), handle ×2 self, pg ×1, sign ×1 self.
    const all = drawn.get('all')!;
    const digest = drawn.get('digest (jose/dist/node/sign.js:5)')!;
    const sign = drawn.get('sign (src/exchange/receipt-signer.js:20)')!;
    const handle = drawn.get('handle (src/exchange/lookup.js:10)')!;
    const pg = drawn.get('a<b>&"c" (pg/lib/client.js:100)')!;
    expect(frames(render()).filter((frame) => frame.label.startsWith('digest'))).toHaveLength(1);
    const unit = all.width / 7;
    expect(digest.width).toBeCloseTo(3 * unit, 1);
    expect(sign.width).toBeCloseTo(4 * unit, 1);
    expect(pg.width).toBeCloseTo(1 * unit, 1);
    expect(handle.width).toBeCloseTo(all.width, 1);
    expect(digest.title).toContain('42.9 %');
    // Callers below, callees above; a child starts within its parent, siblings side by side.
    expect(handle.y).toBeLessThan(all.y);
    expect(sign.y).toBeLessThan(handle.y);
    expect(digest.y).toBeLessThan(sign.y);
    expect(digest.x).toBeCloseTo(sign.x, 1);
    const [first, second] = [pg, sign].sort((a, b) => a.x - b.x);
    expect(second.x).toBeCloseTo(first.x + first.width, 1);
  });

  it('counts only samples inside the window and leaves idle out', () => {
    const svg = render();
    expect(svg).not.toContain('warmUp');
    expect(svg).not.toContain('(idle)');
    // The whole profile: warmUp's three samples (two stand for 100 µs, the last one for none) appear, idle still does not.
    const whole = byLabel(render({}, { startMicros: 0, endMicros: Infinity }));
    expect(whole.get('warmUp (src/main.js:1)')!.width / whole.get('all')!.width).toBeCloseTo(2 / 9, 2);
    expect(render({}, { startMicros: 0, endMicros: Infinity })).not.toContain('(idle)');
  });

  it('colours frames by their stage and lists the stages with their self-time share', () => {
    const svg = render();
    const drawn = byLabel(svg);
    expect(drawn.get('digest (jose/dist/node/sign.js:5)')!.fill).toBe(COLOURS.receipt);
    expect(drawn.get('sign (src/exchange/receipt-signer.js:20)')!.fill).toBe(COLOURS.receipt);
    expect(drawn.get('handle (src/exchange/lookup.js:10)')!.fill).toBe(COLOURS.exchange);
    expect(drawn.get('a<b>&"c" (pg/lib/client.js:100)')!.fill).toBe(COLOURS.driver);
    // Legend: receipt 4 of 7 samples, exchange 2, driver 1; startup had none in the window.
    expect(svg).toContain(`fill="${COLOURS.receipt}"/><text x="28" y="60">receipt 57.1 %</text>`);
    expect(svg).toContain('exchange 28.6 %');
    expect(svg).toContain('driver 14.3 %');
    expect(svg).not.toContain('startup');
  });

  it('shows the chosen unit in hover titles', () => {
    const drawn = byLabel(render({ unit: { name: 'µs/lookup', perSampledMicro: 0.5 } }));
    expect(drawn.get('digest (jose/dist/node/sign.js:5)')!.title).toBe('digest (jose/dist/node/sign.js:5)\nstage: receipt\n150 µs/lookup, 42.9 %; self 150 µs/lookup, 42.9 %');
  });

  it('leaves out frames narrower than the minimum share', () => {
    const drawn = byLabel(render({ minShare: 0.2 }));
    expect(drawn.has('a<b>&"c" (pg/lib/client.js:100)')).toBe(false);
    expect(drawn.has('digest (jose/dist/node/sign.js:5)')).toBe(true);
  });

  it('escapes text for XML', () => {
    const svg = render();
    expect(svg).toContain('a&lt;b&gt;&amp;&quot;c&quot; (pg/lib/client.js:100)');
    expect(svg).not.toContain('a<b>');
    // Every tag is closed: no stray angle bracket or ampersand survives in text.
    const text = svg.replace(/<[^<>]*>/g, '');
    expect(text).not.toMatch(/[<>]|&(?!(lt|gt|amp|quot|apos);)/);
  });
});
