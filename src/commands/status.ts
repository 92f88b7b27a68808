import type { Config } from '../config.js';
import { formatAddress } from '../host/address.js';
import type { CheckReport } from '../report/check-report.js';
import { renderCheck } from '../report/render-check.js';

export interface StatusOptions {
  url?: string;
  json: boolean;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

// How long `status` waits for the daemon before saying none answers.
const STATUS_TIMEOUT_MS = 5_000;

// `npu-watch status`: asks a running daemon for /status; 0 when it answers, 3 when none does.
export async function runStatus(config: Config, options: StatusOptions): Promise<number> {
  const { host, port } = config.http.listen;
  const base = (options.url ?? `http://${formatAddress(host, port)}`).replace(/\/+$/, '');
  let body: string;
  try {
    const response = await fetch(`${base}/status`, { signal: AbortSignal.timeout(STATUS_TIMEOUT_MS) });
    body = await response.text();
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
  } catch (error) {
    const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    options.stderr.write(`npu-watch: no daemon answered at ${base}/status: ${reason}\n`);
    return 3;
  }
  let report: CheckReport;
  try {
    report = JSON.parse(body) as CheckReport;
  } catch {
    options.stderr.write(`npu-watch: ${base}/status did not return JSON (is that npu-watch?)\n`);
    return 3;
  }
  options.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderCheck(report, 'status'));
  return 0;
}
