import { formatDate } from './format-date.js';
import type { PageModel, PerformancePoint } from './page-model.js';
import { describeRuntime } from './page-runtime.js';

// The status page as Markdown, with the seed's sections. Host and runtime strings are Markdown-escaped in text and
// table cells; logs go in fences longer than any backtick run they contain.
export function renderPageMarkdown(page: PageModel): string {
  const out: string[] = [];
  const npu = page.system.npu_generation ? ` (${md(page.system.npu_generation)})` : '';
  out.push(`# NPU status${npu}`, '');
  out.push(`**Generated:** ${formatDate(page.generated_at)} by npu-watch ${md(page.npu_watch_version)}  `);
  out.push(`**Last tested:** ${page.last_tested ? formatDate(page.last_tested) : 'not yet'}  `);
  out.push(`**Next check:** ${page.next_check ? formatDate(page.next_check) : 'not scheduled (no daemon)'}`, '');
  if (isTestData(page)) out.push('> Test data: these results come from npu-watch\'s fake OpenVINO runtime, not from a real NPU.', '');

  out.push('## System', '');
  out.push(...table(['', ''], [
    ['Distribution', page.system.distribution],
    ['Kernel', page.system.kernel],
    ['CPU', page.system.cpu],
    ['Machine', page.system.machine],
    ['NPU', page.system.npu],
  ].map(([name, value]) => [name!, md(value ?? 'unknown')])), '');

  out.push('## Current status', '');
  for (const device of page.devices) {
    const verdict = device.working === true ? '✓ works' : device.working === false ? '✗ does not work' : '? not verified';
    const state = device.state && device.state !== 'unknown' && device.since ? ` (${device.state} since ${formatDate(device.since)})` : '';
    out.push(`### ${md(device.device)}: ${verdict}${state}`, '');
    out.push(`Runtime: ${md(describeRuntime(device.runtime))}`, '');
    for (const line of device.lines) out.push(`- ${line.ok === true ? '✓' : line.ok === false ? '✗' : '?'} ${md(line.text)}`);
    out.push('');
  }

  out.push('## Error details', '');
  if (page.errors.length === 0) out.push('No device fails its canary.', '');
  for (const error of page.errors) {
    out.push(`### ${md(error.device)} with ${md(describeRuntime(error.runtime))}`, '');
    out.push(`- Result: ${md(error.result)}${error.stage ? ` in ${md(error.stage)}` : ''}${error.ended_by ? ` (${md(error.ended_by)})` : ''}`);
    if (error.signature) out.push(`- Signature: ${code(error.signature)}`);
    if (error.message) out.push(`- Message: ${md(firstLine(error.message))}`);
    if (error.compiler_warnings > 0) out.push(`- ${error.compiler_warnings} "property is not supported by this compiler version" warnings: OpenVINO and the NPU compiler differ in version`);
    out.push('');
    if (error.stderr_excerpt) out.push('Output of the canary (end):', '', ...fence(error.stderr_excerpt), '');
  }
  if (page.kernel_lines !== null) {
    out.push('### Kernel lines (intel_vpu, this boot)', '');
    out.push(...(page.kernel_lines.length > 0 ? fence(page.kernel_lines.join('\n')) : ['None.']), '');
  }

  out.push('## Component versions', '');
  out.push(...table(['Component', 'Version', 'Source', 'Update'], page.components.map((c) => [md(c.component), md(c.version), md(c.source), c.update ? `${md(c.update)} available` : ''])), '');

  out.push('## Diagnosis', '');
  if (page.diagnosis.length === 0) out.push('Nothing to diagnose.', '');
  for (const d of page.diagnosis) {
    out.push(`### ${md(d.summary)}`, '', `Rule \`${d.id}\`.`, '');
    for (const line of d.evidence) out.push(`- Evidence: ${md(line)}`);
    out.push(`- Next step: ${md(d.next_step)}`);
    for (const url of d.see) out.push(`- Source: <${url.replace(/[<>\s]/g, encodeURIComponent)}>`);
    out.push('');
  }

  out.push('## Performance', '');
  if (page.performance.latest.length === 0) out.push('No benchmark has run: nothing measured.', '');
  else out.push(...table(['Device', 'Runtime', 'Model', 'tok/s', 'First token', 'Watts', 'J/token', 'Date'], page.performance.latest.map(performanceRow)), '');

  out.push('## History', '');
  if (page.history.length === 0) out.push('No state change recorded yet.', '');
  for (const entry of page.history) out.push(`- ${md(entry.text)}`);
  if (page.history.length > 0) out.push('');
  return `${out.join('\n')}`;
}

export const isTestData = (page: PageModel): boolean =>
  page.devices.some((d) => d.runtime?.fake) || page.performance.history.some((p) => p.runtime.fake);

function performanceRow(p: PerformancePoint): string[] {
  return [
    md(p.device),
    md(describeRuntime(p.runtime)),
    md(p.model),
    p.tokens_per_second.toFixed(1),
    `${p.ttft_seconds.toFixed(2)} s`,
    p.watts === null ? 'not measured' : `${p.watts.toFixed(1)} W`,
    p.joules_per_token === null ? 'not measured' : p.joules_per_token.toFixed(3),
    formatDate(p.at),
  ];
}

function table(head: string[], rows: string[][]): string[] {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

// Text that cannot open HTML, links, emphasis or table cells.
export function md(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, ' ');
}

// Inline code that holds any text: a backtick run longer than any inside, `<` kept literal (code spans are not HTML).
function code(text: string): string {
  const ticks = '`'.repeat(longestRun(text, '`') + 1);
  const inner = text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  return `${ticks} ${inner} ${ticks}`;
}

function fence(text: string): string[] {
  const ticks = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  return [ticks, text, ticks];
}

function longestRun(text: string, char: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

const firstLine = (text: string) => text.split('\n').find((line) => line.trim() !== '') ?? text;
