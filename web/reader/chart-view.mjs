// Counts per month or year by kind (timelineBuckets) as a stacked bar chart, with Chart.js's
// self-contained build (loaded by a script tag before this module runs: window.Chart).

const COLOURS = { meetings: '#2f6db5', statements: '#c7772b', agreements: '#3c8d4f' };

export class BucketsChart {
  constructor(canvas) {
    this.canvas = canvas;
    this.chart = undefined;
  }

  /** Draws the buckets; bucketStart is the bucket's first day (YYYY-MM-DD). */
  show(buckets, size) {
    const labels = buckets.map((bucket) =>
      size === 'YEAR' ? bucket.bucketStart.slice(0, 4) : bucket.bucketStart.slice(0, 7),
    );
    const datasets = ['meetings', 'statements', 'agreements'].map((kind) => ({
      label: kind[0].toUpperCase() + kind.slice(1),
      data: buckets.map((bucket) => bucket[kind]),
      backgroundColor: COLOURS[kind],
    }));
    this.canvas.dataset.buckets = String(buckets.length);
    this.canvas.setAttribute(
      'aria-label',
      `Events per ${size === 'YEAR' ? 'year' : 'month'}: ` +
        buckets.map((bucket, i) => `${labels[i]} ${bucket.total}`).join(', '),
    );
    if (!window.Chart) return; // the library failed to load: the label above still tells the counts
    if (this.chart) {
      this.chart.data.labels = labels;
      this.chart.data.datasets = datasets;
      this.chart.update();
      return;
    }
    this.chart = new window.Chart(this.canvas, {
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
