import { useLayoutEffect, useRef, useState } from 'preact/hooks';

/** One bar: its axis label, value and the text shown on hover. */
export interface Bar {
  label: string;
  value: number;
  title: string;
}

/** A round axis maximum at or above `max`, and the step between grid lines. */
function niceScale(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 4, step: 1 };
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough && (s >= 1 || Number.isInteger(1 / s))) ?? magnitude * 10;
  const whole = Math.max(1, Math.ceil(step));
  return { top: Math.ceil(max / whole) * whole, step: whole };
}

/**
 * A bar chart drawn as SVG: value axis with grid lines, a label under every bar (or every n-th when
 * they would crowd), and each bar's exact value in its `<title>` (the browser shows it on hover;
 * screen readers read it). The whole column is the hover target, so empty days show theirs too.
 */
export function BarChart({ bars, label, testId, height = 200 }: { bars: Bar[]; label: string; testId?: string; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  // Drawn at the size it is shown, so text keeps its size whatever the width.
  const [width, setWidth] = useState(720);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(240, Math.round(el.clientWidth)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const left = 34;
  const right = 8;
  const top = 18;
  const bottom = 24;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const { top: max, step } = niceScale(Math.max(0, ...bars.map((b) => b.value)));
  const column = plotW / Math.max(1, bars.length);
  const barW = Math.max(2, Math.min(42, column * 0.7));
  // About one label per 48 px.
  const every = Math.max(1, Math.ceil(48 / column));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const ticks: number[] = [];
  for (let v = 0; v <= max; v += step) ticks.push(v);
  const showValues = bars.length <= 31;

  return (
    <div class="chart-box" ref={box}>
    <svg class="chart" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} data-testid={testId}>
      <title>{label}</title>
      {ticks.map((t) => (
        <g key={t}>
          <line class={t === 0 ? 'axis' : 'grid'} x1={left} x2={width - right} y1={y(t)} y2={y(t)} />
          <text x={left - 6} y={y(t) + 4} text-anchor="end">
            {t}
          </text>
        </g>
      ))}
      {bars.map((b, i) => {
        const x = left + i * column;
        const h = (b.value / max) * plotH;
        return (
          <g key={i} data-value={b.value} data-label={b.label} class="bar-group">
            <title>{b.title}</title>
            <rect x={x} y={top} width={column} height={plotH} fill="transparent" />
            {b.value > 0 && <rect class="bar" x={x + (column - barW) / 2} y={y(b.value)} width={barW} height={Math.max(1, h)} rx={2} />}
            {showValues && b.value > 0 && column >= 16 && (
              <text class="value" x={x + column / 2} y={y(b.value) - 3} text-anchor="middle">
                {b.value}
              </text>
            )}
            {i % every === 0 && (
              <text x={x + column / 2} y={height - 6} text-anchor="middle">
                {b.label}
              </text>
            )}
          </g>
        );
      })}
    </svg>
    </div>
  );
}
