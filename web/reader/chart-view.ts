// Counts per month or year by kind (timelineBuckets) as a stacked bar chart. Chart.js's ES build,
// bundled: only the pieces a stacked bar chart with a legend uses are registered, so the rest of
// the library (other chart types, scales, plugins) is left out of the page's script.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartDataset,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import type { Bucket } from './queries';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const KINDS = ['meetings', 'statements', 'agreements'] as const;
const COLOURS: Readonly<Record<(typeof KINDS)[number], string>> = {
  meetings: '#2f6db5',
  statements: '#c7772b',
  agreements: '#3c8d4f',
};

export class BucketsChart {
  private chart: Chart<'bar', number[], string> | undefined;

  constructor(private readonly canvas: HTMLCanvasElement) {}

  /** Draws the buckets; bucketStart is the bucket's first day (YYYY-MM-DD). */
  show(buckets: readonly Bucket[], size: 'YEAR' | 'MONTH'): void {
    const labels = buckets.map((bucket) =>
      size === 'YEAR' ? bucket.bucketStart.slice(0, 4) : bucket.bucketStart.slice(0, 7),
    );
    const datasets: ChartDataset<'bar', number[]>[] = KINDS.map((kind) => ({
      label: kind[0].toUpperCase() + kind.slice(1),
      data: buckets.map((bucket) => bucket[kind]),
      backgroundColor: COLOURS[kind],
    }));
    this.canvas.dataset.buckets = String(buckets.length);
    // The counts as text too: a screen reader cannot read the canvas.
    this.canvas.setAttribute(
      'aria-label',
      `Events per ${size === 'YEAR' ? 'year' : 'month'}: ` +
        buckets.map((bucket, i) => `${labels[i]} ${bucket.total}`).join(', '),
    );
    if (this.chart) {
      this.chart.data.labels = labels;
      this.chart.data.datasets = datasets;
      this.chart.update();
      return;
    }
    this.chart = new Chart<'bar', number[], string>(this.canvas, {
      type: 'bar',
      data: { labels, datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: 'bottom' } },
      },
    });
  }
}
