// Drives wrk (Debian/Ubuntu: `apt-get install -y wrk`) and parses its --latency report.
import { spawnSync } from 'node:child_process';
import { spawnTracked, stopTracked } from './daemon.mjs';

// Throws with the install command when wrk is not on PATH.
export function requireWrk() {
  const result = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  if (result.error && result.error.code === 'ENOENT') {
    throw new Error('wrk is not installed: `apt-get install -y wrk` (Debian/Ubuntu) or `dnf install wrk` (Fedora)');
  }
  return (result.stdout || result.stderr || '').split('\n')[0].trim();
}

const UNIT_MS = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function durationMs(text) {
  const match = /^([\d.]+)(us|ms|s|m|h)$/.exec(text);
  if (!match) throw new Error(`wrk: cannot read the duration "${text}"`);
  return Number(match[1]) * UNIT_MS[match[2]];
}

// Parses wrk 4's output: latency percentiles (ms), requests, duration, req/s, errors.
export function parseWrk(output) {
  const percentile = (p) => {
    const match = new RegExp(`^\\s+${p}%\\s+(\\S+)$`, 'm').exec(output);
    if (!match) throw new Error(`wrk: no ${p}% latency in:\n${output}`);
    return durationMs(match[1]);
  };
  const done = /^\s+(\d+) requests in ([\d.]+\w+), /m.exec(output);
  const rps = /^Requests\/sec:\s+([\d.]+)$/m.exec(output);
  if (!done || !rps) throw new Error(`wrk: no request totals in:\n${output}`);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output);
  return {
    p50_ms: percentile(50),
    p75_ms: percentile(75),
    p90_ms: percentile(90),
    p99_ms: percentile(99),
    requests: Number(done[1]),
    seconds: durationMs(done[2]) / 1000,
    requests_per_second: Number(rps[1]),
    errors: (socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0) + (non2xx ? Number(non2xx[1]) : 0),
  };
}

// One wrk run: `connections` keep-alive connections on `threads` threads for `durationSeconds`. Bounded: killed
// if it outlives its duration by 30 s.
export async function runWrk(url, { threads = 1, connections = 8, durationSeconds = 10, timeoutSeconds = 5 } = {}) {
  const args = ['-t', String(threads), '-c', String(connections), '-d', `${durationSeconds}s`, '--timeout', `${timeoutSeconds}s`, '--latency', url];
  const child = spawnTracked('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk.toString()));
  child.stderr.on('data', (chunk) => (output += chunk.toString()));
  const timer = setTimeout(() => void stopTracked(child, 'SIGKILL'), (durationSeconds + 30) * 1000);
  const { exitCode, signal, error } = await child.exited;
  clearTimeout(timer);
  if (error) throw error;
  if (exitCode !== 0) throw new Error(`wrk ${args.join(' ')} ended ${exitCode ?? signal}:\n${output}`);
  return { ...parseWrk(output), command: `wrk ${args.join(' ')}` };
}
