import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { lshCurve } from '../../../../shared/dedup/lsh';

/**
 * The probability that a pair of a given Jaccard similarity becomes an LSH candidate with `bands`
 * bands of `rows` rows: 1 − (1 − s^r)^b (Leskovec, Rajaraman & Ullman, Mining of Massive Datasets,
 * §3.4.2), with the recipe's threshold marked.
 */
export function LshCurve({ bands, rows, threshold }: { bands: number; rows: number; threshold: number }): React.JSX.Element {
  const target = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    const element = target.current;
    if (element === null) return undefined;
    const curve = lshCurve(bands, rows);
    const chart = new uPlot(
      {
        width: 360,
        height: 180,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false, range: [0, 1] }, y: { range: [0, 1] } },
        axes: [{ label: 'Jaccard similarity', size: 40 }, { label: 'P(candidate)', size: 50 }],
        series: [{}, { stroke: '#2f6fde', width: 2, points: { show: false } }],
        hooks: {
          draw: [
            (plot: uPlot) => {
              const x = plot.valToPos(threshold, 'x', true);
              const { ctx, bbox } = plot;
              ctx.save();
              ctx.strokeStyle = '#c2352b';
              ctx.setLineDash([6, 4]);
              ctx.beginPath();
              ctx.moveTo(x, bbox.top);
              ctx.lineTo(x, bbox.top + bbox.height);
              ctx.stroke();
              ctx.restore();
            },
          ],
        },
      },
      [curve.similarity, curve.probability],
      element,
    );
    return () => chart.destroy();
  }, [bands, rows, threshold]);
  return (
    <figure className="lsh-curve" data-testid="lsh-curve">
      <div ref={target} />
      <figcaption className="muted">
        {bands} bands × {rows} rows; threshold {threshold} (dashed)
      </figcaption>
    </figure>
  );
}
