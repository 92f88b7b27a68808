import { execa } from 'execa';
import { signalGroup } from './process-group.js';

// The outcome of one external command, flat for success and failure alike (execa's result shape).
export interface CommandResult {
  command: string;
  args: string[];
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  // The program does not exist on this host (ENOENT): "no data", not an error.
  notFound: boolean;
  // It could not be started for another reason (`spawn dnf EMFILE` at the fd limit, EACCES): an error.
  startError: string | null;
  timedOut: boolean;
  durationMs: number;
}

export interface RunOptions {
  timeoutMs?: number;
  env?: Record<string, string>;
  signal?: AbortSignal;
  // Largest stdout/stderr kept, in bytes (firmware decompression needs more than text tools).
  maxBuffer?: number;
  encoding?: 'utf8' | 'latin1';
  // Working directory (default: the caller's); an interpreter that imports from its cwd gets a neutral one.
  cwd?: string;
}

// Runs a program with an argument array (never a shell) and a timeout.
export type CommandRunner = (command: string, args: string[], options?: RunOptions) => Promise<CommandResult>;

export function createCommandRunner(defaults: { timeoutMs: number }): CommandRunner {
  return async (command, args, options = {}) => {
    const started = performance.now();
    // Its own process group (detached), so a timeout or the daemon's shutdown ends everything it started: a
    // wrapper script's children would otherwise keep the output pipes open, and the call pending, after it died.
    const subprocess = execa(command, args, {
      reject: false,
      shell: false,
      stdin: 'ignore',
      detached: true,
      cleanup: false,
      maxBuffer: options.maxBuffer ?? 16 * 1024 * 1024,
      encoding: options.encoding ?? 'utf8',
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      stripFinalNewline: false,
      // LC_ALL=C: package managers print parseable, untranslated text.
      env: { LC_ALL: 'C', ...options.env },
    });
    let timedOut = false;
    const killGroup = () => {
      if (subprocess.pid !== undefined) signalGroup(subprocess.pid, 'SIGKILL');
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs ?? defaults.timeoutMs);
    if (options.signal?.aborted) killGroup();
    options.signal?.addEventListener('abort', killGroup, { once: true });
    const result = await subprocess;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', killGroup);
    const code = (result as { code?: string }).code;
    // A spawn that failed has no exit code and no signal; execa names the errno in its message.
    const notStarted = subprocess.pid === undefined && code !== 'ENOENT';
    return {
      command,
      args,
      exitCode: result.exitCode ?? null,
      signal: result.signal ?? null,
      stdout: typeof result.stdout === 'string' ? result.stdout : '',
      stderr: typeof result.stderr === 'string' ? result.stderr : '',
      notFound: code === 'ENOENT',
      startError: notStarted ? result.originalMessage || result.shortMessage || `spawn ${command} failed` : null,
      timedOut,
      durationMs: performance.now() - started,
    };
  };
}

// A one-line description of a failed command for logs and probe errors.
export function describeCommandFailure(result: CommandResult): string {
  const head = `${result.command} ${result.args.join(' ')}`.trim();
  if (result.notFound) return `${head}: not installed`;
  if (result.startError) return `${head}: could not start: ${result.startError}`;
  if (result.timedOut) return `${head}: timed out after ${Math.round(result.durationMs)} ms`;
  if (result.signal) return `${head}: killed by ${result.signal}`;
  const firstLine = result.stderr.trim().split('\n')[0] ?? '';
  return `${head}: exit ${result.exitCode}${firstLine ? `: ${firstLine}` : ''}`;
}
