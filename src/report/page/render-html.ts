import { VERSION } from '../../version.js';
import { formatDate } from './format-date.js';
import { html } from './html-escape.js';
import type { PageModel, PerformancePoint } from './page-model.js';
import { describeRuntime } from './page-runtime.js';
import { COLOURS, lineChart, type ChartSeries } from './render-chart.js';
import { isTestData } from './render-markdown.js';

export interface HtmlOptions {
  // Seconds after which the browser reloads the page (<meta http-equiv="refresh">); null: never.
  refresh_seconds: number | null;
  // Links to the daemon's other endpoints (served at /), absent for a page written to a file.
  daemon_links: boolean;
}

// The status page as one self-contained HTML document: inline CSS and SVG, no script, no external URL but the
// diagnosis' sources (links the reader may follow). Every string from the host or a runtime goes through html().
export function renderPageHtml(page: PageModel, options: HtmlOptions): string {
  const title = `NPU status${page.system.npu_generation ? ` (${page.system.npu_generation})` : ''}`;
  const refresh = options.refresh_seconds === null ? '' : `\n<meta http-equiv="refresh" content="${options.refresh_seconds}">`;
  const body = [
    `<h1>${html(title)}</h1>`,
    `<p>Generated ${html(formatDate(page.generated_at))} by npu-watch ${html(page.npu_watch_version)}. Last tested: ${html(page.last_tested ? formatDate(page.last_tested) : 'not yet')}. Next check: ${html(page.next_check ? formatDate(page.next_check) : 'not scheduled (no daemon)')}.</p>`,
    isTestData(page) ? '<p class="test-data">Test data: these results come from npu-watch\'s fake OpenVINO runtime, not from a real NPU.</p>' : '',
    section('System', definitionTable([
      ['Distribution', page.system.distribution],
      ['Kernel', page.system.kernel],
      ['CPU', page.system.cpu],
      ['Machine', page.system.machine],
      ['NPU', page.system.npu],
    ])),
    section('Current status', page.devices.map(deviceBlock).join('')),
    section('Error details', errorsBlock(page)),
    section('Component versions', componentsTable(page)),
    section('Diagnosis', diagnosisBlock(page)),
    section('Performance', performanceBlock(page)),
    section('History', page.history.length === 0 ? '<p>No state change recorded yet.</p>' : `<ul>${page.history.map((h) => `<li>${html(h.text)}</li>`).join('')}</ul>`),
    options.daemon_links
      ? `<footer><p>npu-watch ${html(VERSION)} also serves <a href="/metrics">/metrics</a> (Prometheus), <a href="/status">/status</a> (last results as JSON), <a href="/page.json">/page.json</a> (this page as JSON), <a href="/events">/events</a> (status changes as Server-Sent Events) and <a href="/healthz">/healthz</a>.</p></footer>`
      : '',
  ].join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">${refresh}
<title>${html(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fff;line-height:1.4}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem}h2{font-size:1.25rem;border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:1.6rem}h3{font-size:1.05rem}
table{border-collapse:collapse;display:block;max-width:100%;overflow-x:auto}
th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
pre{background:#f6f6f6;padding:.5rem;white-space:pre-wrap;overflow-wrap:anywhere;font-size:.85rem}
code{overflow-wrap:anywhere}
td.figure,thead th{white-space:nowrap;overflow-wrap:normal}
ul.checks{list-style:none;padding-left:0}
.ok{color:#1a7f37}.bad{color:#b3261e}.unknown{color:#6b6b6b}
.test-data{background:#fff4ce;border:1px solid #e0c060;padding:.5rem}
.charts{display:flex;flex-wrap:wrap;gap:1rem}
figure{margin:0;flex:1 1 20rem;min-width:0}
svg.chart{width:100%;height:auto;display:block}
ul.legend{list-style:none;padding:0;margin:.2rem 0;font-size:.85rem}
ul.legend li{display:inline-block;margin-right:1rem}
.swatch{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
${COLOURS.map((colour, index) => `.swatch-${index}{background:${colour}}`).join('')}
`;

const section = (title: string, content: string) => `<section><h2>${html(title)}</h2>${content}</section>`;

function definitionTable(rows: [string, string | null][]): string {
  return `<table><tbody>${rows.map(([name, value]) => `<tr><th scope="row">${html(name)}</th><td>${html(value ?? 'unknown')}</td></tr>`).join('')}</tbody></table>`;
}

function mark(ok: boolean | null): string {
  return ok === true ? '<span class="ok">✓</span>' : ok === false ? '<span class="bad">✗</span>' : '<span class="unknown">?</span>';
}

function deviceBlock(device: PageModel['devices'][number]): string {
  const verdict = device.working === true ? 'works' : device.working === false ? 'does not work' : 'not verified';
  const state = device.state && device.state !== 'unknown' && device.since ? ` (${device.state} since ${formatDate(device.since)})` : '';
  const lines = device.lines.map((line) => `<li>${mark(line.ok)} ${html(line.text)}</li>`).join('');
  return `<h3>${mark(device.working)} ${html(device.device)}: ${html(verdict + state)}</h3><p>Runtime: ${html(describeRuntime(device.runtime))}</p><ul class="checks">${lines}</ul>`;
}

function errorsBlock(page: PageModel): string {
  const parts = page.errors.map((error) => {
    const items = [
      `<li>Result: ${html(error.result)}${error.stage ? ` in ${html(error.stage)}` : ''}${error.ended_by ? ` (${html(error.ended_by)})` : ''}</li>`,
      error.signature ? `<li>Signature: <code>${html(error.signature)}</code></li>` : '',
      error.message ? `<li>Message: ${html(error.message.split('\n')[0] ?? '')}</li>` : '',
      error.compiler_warnings > 0 ? `<li>${error.compiler_warnings} "property is not supported by this compiler version" warnings: OpenVINO and the NPU compiler differ in version</li>` : '',
    ].join('');
    const output = error.stderr_excerpt ? `<p>Output of the canary (end):</p><pre>${html(error.stderr_excerpt)}</pre>` : '';
    return `<h3>${html(error.device)} with ${html(describeRuntime(error.runtime))}</h3><ul>${items}</ul>${output}`;
  });
  if (parts.length === 0) parts.push('<p>No device fails its canary.</p>');
  if (page.kernel_lines !== null) {
    parts.push(`<h3>Kernel lines (intel_vpu, this boot)</h3>${page.kernel_lines.length > 0 ? `<pre>${html(page.kernel_lines.join('\n'))}</pre>` : '<p>None.</p>'}`);
  }
  return parts.join('');
}

function componentsTable(page: PageModel): string {
  const rows = page.components.map((c) => `<tr><td>${html(c.component)}</td><td>${html(c.version)}</td><td>${html(c.source)}</td><td>${c.update ? `${html(c.update)} available` : ''}</td></tr>`);
  return `<table><thead><tr><th>Component</th><th>Version</th><th>Source</th><th>Update</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function diagnosisBlock(page: PageModel): string {
  if (page.diagnosis.length === 0) return '<p>Nothing to diagnose.</p>';
  return page.diagnosis
    .map((d) => {
      const evidence = d.evidence.map((line) => `<li>Evidence: ${html(line)}</li>`).join('');
      const see = d.see.map((url) => `<li>Source: <a href="${html(url)}" rel="noreferrer">${html(url)}</a></li>`).join('');
      return `<h3>${html(d.summary)}</h3><p>Rule <code>${html(d.id)}</code>.</p><ul>${evidence}<li>Next step: ${html(d.next_step)}</li>${see}</ul>`;
    })
    .join('');
}

function performanceBlock(page: PageModel): string {
  const { latest, history } = page.performance;
  if (latest.length === 0) return '<p>No benchmark has run: nothing measured.</p>';
  // Figures and dates stay on one line; the runtime's description wraps.
  const rows = latest.map((p) => `<tr>${performanceCells(p).map((cell, index) => `<td${index >= 3 ? ' class="figure"' : ''}>${html(cell)}</td>`).join('')}</tr>`);
  const table = `<table><thead><tr><th>Device</th><th>Runtime</th><th>Model</th><th>tok/s</th><th>First token</th><th>Watts</th><th>J/token</th><th>Date</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  const charts = [
    lineChart('Decode speed over the kept history', 'tok/s', seriesOf(history, (p) => p.tokens_per_second)),
    lineChart('Package power during the decode', 'W', seriesOf(history, (p) => p.watts)),
  ].join('');
  return `${table}<div class="charts">${charts}</div>`;
}

function performanceCells(p: PerformancePoint): string[] {
  return [
    p.device,
    describeRuntime(p.runtime),
    p.model,
    p.tokens_per_second.toFixed(1),
    `${p.ttft_seconds.toFixed(2)} s`,
    p.watts === null ? 'not measured' : `${p.watts.toFixed(1)} W`,
    p.joules_per_token === null ? 'not measured' : p.joules_per_token.toFixed(3),
    formatDate(p.at),
  ];
}

// One series per device and runtime, with only the points that have the value.
function seriesOf(points: readonly PerformancePoint[], value: (p: PerformancePoint) => number | null): ChartSeries[] {
  const series = new Map<string, ChartSeries>();
  for (const p of points) {
    const v = value(p);
    if (v === null) continue;
    const label = `${p.device}, ${describeRuntime(p.runtime)}`;
    const entry = series.get(label) ?? { label, points: [] };
    entry.points.push({ at: Date.parse(p.at), value: v });
    series.set(label, entry);
  }
  return [...series.values()];
}
