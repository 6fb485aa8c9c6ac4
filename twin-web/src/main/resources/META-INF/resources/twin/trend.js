// The trend of one sensor: the hub's 5 s buckets of the last 10 minutes (average line inside a min/max band), live
// samples appended as they arrive, and anomaly events as dashed vertical lines. The x axis is a plain linear axis of
// epoch milliseconds with our own tick labels, so no date adapter (and no download) is needed.
//
// The canvas carries data-trend-points (points loaded) and data-trend-tag so tests and operators' scripts can read
// the state without parsing pixels.

import { api } from './api.js';
import { formatTime, formatValue, toMillis } from './format.js';

export const WINDOW_MS = 10 * 60 * 1000;
const STEP = '5s';

export class TrendView {
  constructor(canvas, message, label) {
    this.canvas = canvas;
    this.message = message;
    this.label = label;
    this.selection = null;
    this.points = [];
    this.markers = [];
    this.chart = null;
  }

  /** Loads the window of asset/tag; a slower answer for an earlier selection is dropped. */
  async select(asset, tag, unit) {
    const selection = { asset, tag, unit, key: `${asset}/${tag}` };
    this.selection = selection;
    this.points = [];
    this.canvas.dataset.trendTag = selection.key;
    this.label.textContent = `${selection.key}${unit ? ` (${unit})` : ''}`;
    this.render();
    this.say(`Loading ${selection.key}…`);
    const to = Date.now();
    try {
      const series = await api.series(selection.key, to - WINDOW_MS, to, STEP);
      if (this.selection !== selection) {
        return;
      }
      const loaded = (series.points ?? []).map(toPoint).filter((p) => Number.isFinite(p.x));
      const live = this.points.filter((p) => p.x > (loaded.at(-1)?.x ?? -Infinity));
      this.points = [...loaded, ...live];
      if (series.unit && !unit) {
        selection.unit = series.unit;
        this.label.textContent = `${selection.key} (${series.unit})`;
      }
      if (series.dataType === 'string') {
        this.say(`${selection.key} holds text: its latest value is on the card, there is no trend to draw.`);
        return;
      }
      this.say(this.points.length ? '' : `No data for ${selection.key} in the last 10 minutes yet.`);
    } catch (e) {
      if (this.selection === selection) {
        this.say(`Cannot load the trend: ${e.message}`);
      }
    }
    this.render();
  }

  /** Live samples of the selected tag extend the line (a BAD sample leaves a gap). */
  appendSamples(asset, samples) {
    const selection = this.selection;
    if (!selection || selection.asset !== asset) {
      return;
    }
    let added = false;
    for (const s of samples) {
      const x = toMillis(s.t);
      if (s.tag !== selection.tag || typeof s.text === 'string' || !Number.isFinite(x)
          || x <= (this.points.at(-1)?.x ?? -Infinity)) {
        continue;
      }
      const y = s.q === 'BAD' || s.v === null ? null : Number(s.v);
      this.points.push({ x, avg: y, min: y, max: y });
      added = true;
    }
    if (added) {
      const oldest = Math.max(Date.now(), this.points.at(-1).x) - WINDOW_MS;
      this.points = this.points.filter((p) => p.x >= oldest);
      this.say('');
      this.render();
    }
  }

  /** Anomaly events of the selected asset, drawn as vertical lines. */
  setMarkers(events) {
    this.markers = events.map((e) => ({ x: toMillis(e.time), score: e.score, threshold: e.threshold }))
      .filter((m) => Number.isFinite(m.x));
    this.render();
  }

  say(text) {
    this.message.textContent = text;
    this.message.hidden = !text;
  }

  render() {
    this.canvas.dataset.trendPoints = String(this.points.length);
    this.canvas.dataset.trendMarkers = String(this.markers.length);
    if (!window.Chart) {
      this.say('The chart library (/webjars/chart.js) did not load; values still update on the cards.');
      return;
    }
    const chart = this.chart ?? this.createChart();
    const max = Math.max(Date.now(), this.points.at(-1)?.x ?? 0);
    chart.options.scales.x.min = max - WINDOW_MS;
    chart.options.scales.x.max = max;
    chart.data.datasets[0].data = this.points.map((p) => ({ x: p.x, y: p.min }));
    chart.data.datasets[1].data = this.points.map((p) => ({ x: p.x, y: p.max }));
    chart.data.datasets[2].data = this.points.map((p) => ({ x: p.x, y: p.avg }));
    chart.data.datasets[2].label = this.selection ? `${this.selection.key} average` : 'average';
    chart.update('none');
  }

  createChart() {
    const style = getComputedStyle(document.documentElement);
    const color = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
    const line = color('--trend-line', '#4fc3f7');
    const band = color('--trend-band', 'rgba(79,195,247,0.18)');
    const grid = color('--grid', 'rgba(255,255,255,0.08)');
    const text = color('--text-dim', '#aab4c0');
    const alarm = color('--alarm', '#ff6b6b');
    const view = this;
    const anomalyLines = {
      id: 'anomalyLines',
      afterDatasetsDraw(chart) {
        const { ctx, chartArea: area, scales: { x: scale } } = chart;
        ctx.save();
        ctx.strokeStyle = alarm;
        ctx.fillStyle = alarm;
        ctx.lineWidth = 1.5;
        ctx.setLineDash([5, 4]);
        for (const m of view.markers) {
          const px = scale.getPixelForValue(m.x);
          if (px < area.left || px > area.right) {
            continue;
          }
          ctx.beginPath();
          ctx.moveTo(px, area.top);
          ctx.lineTo(px, area.bottom);
          ctx.stroke();
          ctx.beginPath();
          ctx.moveTo(px - 5, area.top);
          ctx.lineTo(px + 5, area.top);
          ctx.lineTo(px, area.top + 7);
          ctx.fill();
        }
        ctx.restore();
      },
    };
    this.chart = new window.Chart(this.canvas, {
      type: 'line',
      data: {
        datasets: [
          { label: 'min', data: [], borderWidth: 0, pointRadius: 0, fill: false, spanGaps: false },
          { label: 'max', data: [], borderWidth: 0, pointRadius: 0, fill: '-1', backgroundColor: band },
          { label: 'average', data: [], borderColor: line, backgroundColor: line, borderWidth: 2, pointRadius: 0,
            tension: 0.2 },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: true,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: { type: 'linear', grid: { color: grid },
            ticks: { color: text, maxTicksLimit: 8, callback: (v) => formatTime(v) } },
          y: { grid: { color: grid }, ticks: { color: text, callback: (v) => formatValue(v) } },
        },
        plugins: {
          legend: { labels: { color: text, filter: (item) => item.datasetIndex === 2 } },
          tooltip: {
            filter: (item) => item.datasetIndex === 2,
            callbacks: {
              title: (items) => formatTime(items[0]?.parsed.x),
              label: (item) => {
                const p = view.points[item.dataIndex];
                const unit = view.selection?.unit ?? '';
                return p ? `avg ${formatValue(p.avg)} (min ${formatValue(p.min)}, max ${formatValue(p.max)}) ${unit}` : '';
              },
            },
          },
        },
      },
      plugins: [anomalyLines],
    });
    return this.chart;
  }
}

function toPoint(p) {
  return { x: toMillis(p.t), avg: num(p.avg), min: num(p.min ?? p.avg), max: num(p.max ?? p.avg) };
}

function num(v) {
  return v === null || v === undefined || !Number.isFinite(Number(v)) ? null : Number(v);
}
