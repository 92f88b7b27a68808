import { formatDate } from './format-date.js';
import { html } from './html-escape.js';

export interface ChartSeries {
  label: string;
  // Epoch ms and value, oldest first.
  points: { at: number; value: number }[];
}

// Colours of the series, in order (readable on white, distinct for the common colour blindnesses).
export const COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9'];
const WIDTH = 480;
const HEIGHT = 180;
const PAD = { left: 44, right: 12, top: 12, bottom: 28 };

// A small line chart as inline SVG (no script, no external reference): one polyline and a dot per point per
// series, y from 0 to the largest value, the first and last dates under the x axis. It scales to its container.
export function lineChart(title: string, unit: string, series: ChartSeries[]): string {
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) return '';
  const minAt = Math.min(...all.map((p) => p.at));
  const maxAt = Math.max(...all.map((p) => p.at));
  const maxValue = Math.max(...all.map((p) => p.value)) || 1;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (at: number) => PAD.left + (maxAt === minAt ? plotW / 2 : ((at - minAt) / (maxAt - minAt)) * plotW);
  const y = (value: number) => PAD.top + plotH - (value / maxValue) * plotH;
  const parts: string[] = [
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${html(title)}" xmlns="http://www.w3.org/2000/svg">`,
    `<title>${html(title)}</title>`,
    `<line x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${WIDTH - PAD.right}" y2="${PAD.top + plotH}" stroke="#888"/>`,
    `<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${PAD.top + plotH}" stroke="#888"/>`,
    `<text x="${PAD.left - 4}" y="${PAD.top + 4}" text-anchor="end" font-size="11">${fmt(maxValue)}</text>`,
    `<text x="${PAD.left - 4}" y="${PAD.top + plotH}" text-anchor="end" font-size="11">0</text>`,
    `<text x="${PAD.left}" y="${HEIGHT - 8}" font-size="11">${html(formatDate(minAt))}</text>`,
    `<text x="${WIDTH - PAD.right}" y="${HEIGHT - 8}" text-anchor="end" font-size="11">${html(formatDate(maxAt))}</text>`,
    `<text x="${PAD.left + 6}" y="${PAD.top + 10}" font-size="11">${html(unit)}</text>`,
  ];
  series.forEach((s, index) => {
    const colour = COLOURS[index % COLOURS.length]!;
    const coords = s.points.map((p) => `${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`);
    if (coords.length > 1) parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${coords.join(' ')}"/>`);
    for (const p of s.points) {
      parts.push(`<circle cx="${x(p.at).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="4" fill="${colour}"><title>${html(`${s.label}: ${fmt(p.value)} ${unit}, ${formatDate(p.at)}`)}</title></circle>`);
    }
  });
  parts.push('</svg>');
  const legend = series.map((s, index) => `<li><span class="swatch swatch-${index % COLOURS.length}"></span>${html(s.label)}</li>`).join('');
  return `<figure><figcaption>${html(title)}</figcaption>${parts.join('')}<ul class="legend">${legend}</ul></figure>`;
}

const fmt = (value: number) => (value >= 10 ? value.toFixed(0) : value.toFixed(1));
