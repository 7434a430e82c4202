import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  label: string;
  values: Array<number | null>;
  color: string;
  /** Bars instead of a line (counts per bucket). */
  bars?: boolean;
}

/**
 * A time-series chart (uPlot: canvas, fast with thousands of points) that fills its container's width
 * and follows it when the window resizes. `times` are epoch ms; null values leave gaps.
 */
export function TimeChart({
  title,
  times,
  series,
  format,
  tick = format,
}: {
  title: string;
  times: number[];
  series: Series[];
  /** A value in the legend. */
  format: (value: number) => string;
  /** A value on the axis (shorter, when the legend's form is long). */
  tick?: (value: number) => string;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (element === null) return;
    const bars = uPlot.paths.bars?.({ size: [0.8, 40] });
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 200),
      height: 200,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      // Every figure here is ≥ 0: the axis starts at 0, and an all-zero series still gets a sensible scale.
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      axes: [{ stroke: 'currentColor', grid: { stroke: 'rgba(127,127,127,0.15)' } }, { stroke: 'currentColor', size: 80, values: (_u, ticks) => ticks.map((value) => tick(value)), grid: { stroke: 'rgba(127,127,127,0.15)' } }],
      series: [
        {},
        ...series.map((item) => ({
          label: item.label,
          stroke: item.color,
          width: 2,
          spanGaps: false,
          // Points too: a bucket between empty ones has no line to draw.
          points: { show: item.bars !== true, size: 5 },
          value: (_u: uPlot, value: number | null) => (value === null ? '—' : format(value)),
          ...(item.bars === true && bars !== undefined ? { paths: bars, fill: `${item.color}66` } : {}),
        })),
      ],
    };
    const data: uPlot.AlignedData = [times.map((time) => time / 1000), ...series.map((item) => item.values)];
    const chart = new uPlot(options, data, element);
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(element.clientWidth, 200), height: 200 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [times, series, format, tick]);
  return (
    <figure class="chart" data-testid="chart" data-points={times.length}>
      <figcaption>{title}</figcaption>
      <div ref={host} />
    </figure>
  );
}
