import os from 'node:os';
import type { Config } from '../config.js';
import { formatAddress } from '../host/address.js';
import { writeFileAtomic } from '../host/atomic-write.js';
import { systemClock } from '../host/clock.js';
import { readBody, requestDaemon } from '../http/daemon-client.js';
import type { AppLogger } from '../log.js';
import { renderBugReport } from '../report/page/bug-report.js';
import { readHostIdentity } from '../report/page/host-identity.js';
import { pageFromPass } from '../report/page/page-from-pass.js';
import { pageModelSchema, type PageModel } from '../report/page/page-model.js';
import { loadResultsHistory, resultRecordsOf } from '../report/page/results-history.js';
import { readIdentifyingStrings, redact } from '../report/page/redact.js';
import { renderPageHtml } from '../report/page/render-html.js';
import { renderPageMarkdown } from '../report/page/render-markdown.js';
import { peekStatusStore } from '../status/store.js';
import { loadTryResults } from '../canary/try-results.js';
import { VERSION } from '../version.js';
import { runOnePass } from './one-pass.js';

export interface ReportOptions {
  format: 'markdown' | 'html';
  // Written atomically instead of printed.
  output?: string;
  // One fresh pass of every probe instead of asking the daemon.
  check: boolean;
  // The upstream bug report for this device instead of the page.
  bug?: string;
  url?: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  signal: AbortSignal;
}

// How long `report` waits for the daemon, and the largest page it reads.
const REPORT_TIMEOUT_MS = 10_000;
const MAX_PAGE_BYTES = 64 * 1024 * 1024;

// `npu-watch report`: the status page (or `--bug`: an upstream bug report) from the daemon's /page.json or from
// one fresh pass; 0 when written, 3 when no daemon answers, 1 when the file cannot be written.
export async function runReport(config: Config, log: AppLogger, options: ReportOptions): Promise<number> {
  const page = options.check ? await freshPage(config, log, options) : await daemonPage(config, options);
  if (typeof page === 'number') return page;
  const text = options.bug
    ? redact(renderBugReport(page, options.bug), readIdentifyingStrings(config.paths.etc))
    : options.format === 'html'
      ? renderPageHtml(page, { refresh_seconds: null, daemon_links: false })
      : renderPageMarkdown(page);
  if (options.output === undefined) {
    options.stdout.write(text);
    return 0;
  }
  try {
    writeFileAtomic(options.output, text, { mode: 0o644, dirMode: 0o755 });
  } catch (error) {
    options.stderr.write(`npu-watch: cannot write ${options.output}: ${(error as Error).message}\n`);
    return 1;
  }
  return 0;
}

async function daemonPage(config: Config, options: ReportOptions): Promise<PageModel | number> {
  const { host, port } = config.http.listen;
  const url = `${(options.url ?? `http://${formatAddress(host, port)}`).replace(/\/+$/, '')}/page.json`;
  let response;
  let body: string;
  try {
    response = await requestDaemon(url, { signal: AbortSignal.any([AbortSignal.timeout(REPORT_TIMEOUT_MS), options.signal]) });
    body = await readBody(response.body, MAX_PAGE_BYTES);
  } catch (error) {
    if (options.signal.aborted) return interrupted(options);
    const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    options.stderr.write(`npu-watch: no daemon answered at ${url}: ${reason}; run "npu-watch report --check" for a page from one fresh pass\n`);
    return 3;
  }
  if (response.status < 200 || response.status >= 300) {
    options.stderr.write(`npu-watch: a server answered at ${url}, but it is not an npu-watch daemon with a status page (HTTP ${response.status})\n`);
    return 3;
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    value = null;
  }
  const checked = pageModelSchema.safeParse(value);
  if (!checked.success) {
    options.stderr.write(`npu-watch: a server answered at ${url}, but its answer is not npu-watch's page\n`);
    return 3;
  }
  return checked.data;
}

// One pass of every probe, as `check` runs it, with the daemon's history when its state dir is readable.
async function freshPage(config: Config, log: AppLogger, options: ReportOptions): Promise<PageModel | number> {
  const clock = systemClock;
  const progress = (line: string) => {
    if (options.stderr.isTTY) options.stderr.write(`${line}\n`);
  };
  // The bug report's device is checked even when [canary] devices leaves it out.
  const devices = options.bug && !config.canary.devices.includes(options.bug) ? [...config.canary.devices, options.bug] : config.canary.devices;
  const benchmark = config.benchmark.model_path !== null;
  const done = await runOnePass(config, log, { devices, benchmark, signal: options.signal, clock, progress });
  if (done === null) return interrupted(options);
  const store = peekStatusStore(config.state.dir);
  const fresh = done.pass.canaries ? resultRecordsOf(done.pass.canaries.devices, done.pass.canaries.startedAt) : [];
  return pageFromPass(done.pass, {
    devices,
    version: VERSION,
    now: new Date(clock.now()),
    expected_tokens_per_second: config.expected_tokens_per_second,
    status: store ? { devices: store.devices, events: store.events } : null,
    host: await readHostIdentity(config.paths),
    results: [...loadResultsHistory(config.state.dir), ...fresh].slice(-config.status.history),
    next_check: null,
    tried_versions: loadTryResults(config.state.dir),
    ...(done.kernelLog ? { kernel_log: done.kernelLog } : {}),
  });
}

function interrupted(options: ReportOptions): number {
  options.stderr.write(`npu-watch: interrupted by ${String(options.signal.reason)}; nothing left running\n`);
  return 128 + (os.constants.signals[options.signal.reason as NodeJS.Signals] ?? 2);
}
