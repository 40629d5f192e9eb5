import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Response } from '../../../../shared/api';

/** One histogram, as the engine sends it. */
export type Histogram = Response<'filters.state'>['histograms'][number];

/** Series colours, one per source or task (cycled). */
const COLOURS = ['#2f6fde', '#1f8a4c', '#c2352b', '#8a5a00', '#7b3fc4', '#0f8a8a', '#b3407a', '#555f6d'];

/** The threshold line's colour. */
const THRESHOLD_COLOUR = '#c2352b';

/** Props of {@link ScoreHistogram}. */
export interface ScoreHistogramProps {
  histogram: Histogram;
  threshold: number | null;
  /** Called while the threshold line is dragged, with the value under the pointer. */
  onThreshold(value: number): void;
  label: string;
}

/** uPlot's data: bin centres, then one count series per group (stacked bars would hide groups: they overlap, drawn as steps). */
function plotData(histogram: Histogram): uPlot.AlignedData {
  const centres = histogram.edges.slice(0, -1).map((edge, index) => (edge + histogram.edges[index + 1]) / 2);
  return [centres, ...histogram.series.map((series) => series.counts)];
}

/**
 * A histogram of one stored score (uPlot), with the threshold drawn as a vertical line that can be
 * dragged: pressing anywhere on the plot moves the threshold there, and it follows the pointer.
 */
export function ScoreHistogram({ histogram, threshold, onThreshold, label }: ScoreHistogramProps): React.JSX.Element {
  const target = useRef<HTMLDivElement | null>(null);
  const plot = useRef<uPlot | null>(null);
  const thresholdRef = useRef(threshold);
  const onThresholdRef = useRef(onThreshold);
  thresholdRef.current = threshold;
  onThresholdRef.current = onThreshold;

  useEffect(() => {
    const element = target.current;
    if (element === null) return undefined;
    const options: uPlot.Options = {
      width: Math.max(280, element.clientWidth),
      height: 150,
      legend: { show: histogram.series.length > 1 },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: { x: { time: false, range: [histogram.min, histogram.max] } },
      axes: [{ size: 30 }, { size: 40 }],
      series: [
        { label },
        ...histogram.series.map((series, index) => ({
          label: series.name,
          stroke: COLOURS[index % COLOURS.length],
          fill: histogram.series.length === 1 ? `${COLOURS[0]}55` : undefined,
          paths: histogram.series.length === 1 ? uPlot.paths.bars?.({ size: [0.9, 100] }) : uPlot.paths.stepped?.({ align: 1 }),
          points: { show: false },
        })),
      ],
      hooks: {
        draw: [
          (chart: uPlot) => {
            const value = thresholdRef.current;
            if (value === null) return;
            const x = chart.valToPos(value, 'x', true);
            const { ctx, bbox } = chart;
            if (x < bbox.left || x > bbox.left + bbox.width) return;
            ctx.save();
            ctx.strokeStyle = THRESHOLD_COLOUR;
            ctx.lineWidth = 2 * devicePixelRatio;
            ctx.beginPath();
            ctx.moveTo(x, bbox.top);
            ctx.lineTo(x, bbox.top + bbox.height);
            ctx.stroke();
            ctx.restore();
          },
        ],
      },
    };
    const chart = new uPlot(options, plotData(histogram), element);
    plot.current = chart;
    let dragging = false;
    const move = (event: MouseEvent): void => {
      if (!dragging) return;
      const bounds = chart.over.getBoundingClientRect();
      onThresholdRef.current(chart.posToVal(event.clientX - bounds.left, 'x'));
    };
    const down = (event: MouseEvent): void => {
      dragging = true;
      move(event);
    };
    const up = (): void => {
      dragging = false;
    };
    chart.over.addEventListener('mousedown', down);
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
    return () => {
      chart.over.removeEventListener('mousedown', down);
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
      chart.destroy();
      plot.current = null;
    };
  }, [histogram, label]);

  // A new threshold only redraws the line.
  useEffect(() => plot.current?.redraw(false, false), [threshold]);

  return <div className="histogram" ref={target} data-testid={`histogram-${histogram.score}`} />;
}
