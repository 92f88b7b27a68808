import os from 'node:os';
import type { Config } from '../config.js';
import { formatAddress } from '../host/address.js';
import { readBody, requestDaemon } from '../http/daemon-client.js';
import type { CheckReport } from '../report/check-report.js';
import { renderCheck } from '../report/render-check.js';

export interface StatusOptions {
  // The daemon's base URL (already checked to be http:// or https://); default from [http] listen.
  url?: string;
  json: boolean;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  // SIGINT/SIGTERM: the request is dropped and the exit code is 128 + the signal's number.
  signal: AbortSignal;
}

// How long `status` waits for the daemon before saying none answers.
const STATUS_TIMEOUT_MS = 5_000;
// The largest /status answer read (the whole of a 10000-event history is about 9 MB).
const MAX_STATUS_BYTES = 64 * 1024 * 1024;

// `npu-watch status`: asks a running daemon for /status; 0 when it answers, 3 when none (or something else) does.
export async function runStatus(config: Config, options: StatusOptions): Promise<number> {
  const { host, port } = config.http.listen;
  const base = (options.url ?? `http://${formatAddress(host, port)}`).replace(/\/+$/, '');
  const url = `${base}/status`;
  let status: number;
  let statusText: string;
  let body: string;
  try {
    const response = await requestDaemon(url, { signal: AbortSignal.any([AbortSignal.timeout(STATUS_TIMEOUT_MS), options.signal]) });
    status = response.status;
    statusText = response.statusText;
    body = await readBody(response.body, MAX_STATUS_BYTES);
  } catch (error) {
    if (options.signal.aborted) {
      options.stderr.write(`npu-watch: interrupted by ${String(options.signal.reason)}\n`);
      return 128 + (os.constants.signals[options.signal.reason as NodeJS.Signals] ?? 2);
    }
    const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    options.stderr.write(`npu-watch: no daemon answered at ${url}: ${reason}${certificateHint(error)}\n`);
    return 3;
  }
  if (status === 401) {
    options.stderr.write(`npu-watch: the daemon at ${url} asks for basic auth (basic_auth_users in its web config); status sends no credentials: use curl -u USER ${url}\n`);
    return 3;
  }
  const report = status >= 200 && status < 300 ? parseReport(body) : `HTTP ${status} ${statusText}`.trim();
  if (typeof report === 'string') {
    options.stderr.write(`npu-watch: a server answered at ${url}, but it is not an npu-watch daemon (${report})\n`);
    return 3;
  }
  options.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderCheck(report, 'status'));
  return 0;
}

// A TLS daemon whose certificate Node does not trust (a self-signed one, a private CA): how to trust it.
// Node adds NODE_EXTRA_CA_CERTS to its trusted CAs at startup, fetch included (nodejs/node doc/api/cli.md).
function certificateHint(error: unknown): string {
  // node:https puts the TLS error's code on the error itself (fetch put it on its cause).
  const failure = error as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = failure?.code ?? failure?.cause?.code;
  const untrusted = ['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'];
  return typeof code === 'string' && untrusted.includes(code) ? '; to trust its certificate, run with NODE_EXTRA_CA_CERTS=/path/to/ca.pem' : '';
}

// npu-watch's /status report, or why the body is not one.
function parseReport(body: string): CheckReport | string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return 'its answer is not JSON';
  }
  const report = value as Partial<Record<keyof CheckReport, unknown>> | null;
  const looksLikeReport =
    typeof report === 'object' &&
    report !== null &&
    typeof report.version === 'string' &&
    Array.isArray(report.devices) &&
    Array.isArray(report.components) &&
    Array.isArray(report.diagnosis);
  return looksLikeReport ? (value as CheckReport) : "its JSON is not npu-watch's /status report";
}
