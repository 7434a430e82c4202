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
export function TimeChart({ title, times, series, format }: { title: string; times: number[]; series: Series[]; format: (value: number) => string }) {
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
      scales: { x: { time: true } },
      axes: [{ stroke: 'currentColor', grid: { stroke: 'rgba(127,127,127,0.15)' } }, { stroke: 'currentColor', size: 70, values: (_u, ticks) => ticks.map((tick) => format(tick)), grid: { stroke: 'rgba(127,127,127,0.15)' } }],
      series: [
        {},
        ...series.map((item) => ({
          label: item.label,
          stroke: item.color,
          width: 2,
          spanGaps: false,
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
  }, [times, series, format]);
  return (
    <figure class="chart" data-testid="chart" data-points={times.length}>
      <figcaption>{title}</figcaption>
      <div ref={host} />
    </figure>
  );
}
