import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { signalGroup } from '../../host/process-group.js';
import { backoffDelay, type Follower, type FollowerDeps } from './follow-types.js';
import { parseJournalRecord } from './parse-journal-record.js';
import { npuKernelLine } from './npu-kernel-line.js';

// journalctl's own notice when the user may not read the system journal (systemd, src/journal/journalctl-util.c
// access_check_var_log_journal(): log_notice("Hint: You are currently not seeing messages from %s.\n      Users in
// groups '%s' can see all messages. …")). journalctl then goes on, exit 0, showing only the user's own journal:
// for -k nothing ever. --quiet would hide this notice, so it is not passed.
export const NO_PERMISSION = /^Hint: You are currently not seeing messages from/;
// journalctl's message where there is no journal at all (a container): systemd, journalctl.c "No journal files
// were found.".
export const NO_JOURNAL = /^No journal files were found/;

// Why following the journal stopped for good (the caller then tries the kmsg device).
export type JournalUnusable = { reason: 'no_journalctl' | 'no_permission' | 'no_journal' | 'failed'; detail: string };

export interface JournalFollowerOptions extends FollowerDeps {
  command: string;
  env: NodeJS.ProcessEnv;
  // Called once when the journal cannot be used at all; the follower has then ended.
  unusable(why: JournalUnusable): void;
}

// The arguments: this boot's kernel messages (-k --boot=0), followed (-f), as JSON records with a cursor and a
// realtime timestamp (-o json), long and binary fields whole (--all), and the whole boot first (--no-tail: -f
// alone shows only the last 10 lines), so the firmware loaded at boot is known. After a restart, it resumes
// after the last record read (--after-cursor): nothing missed, nothing counted twice.
export function journalArgs(cursor: string | null): string[] {
  return ['-k', '-f', '--boot=0', '--output=json', '--all', '--no-pager', '--no-tail', ...(cursor === null ? [] : [`--after-cursor=${cursor}`])];
}

// Follows this boot's kernel log with journalctl; restarts it with backoff when it dies after it had worked.
export function followJournal(options: JournalFollowerOptions): Follower {
  const { sink, log } = options;
  const startedAt = options.liveSince ?? options.now();
  let cursor: string | null = null;
  let child: ChildProcess | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let everRead = false;
  let failures = 0;
  let exited: Promise<void> = Promise.resolve();

  const start = () => {
    timer = null;
    if (stopped) return;
    let readThisRun = false;
    let gaveUp = false;
    const proc = spawn(options.command, journalArgs(cursor), {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...options.env, LC_ALL: 'C', SYSTEMD_COLORS: '0' },
      // Its own process group: stop() ends it and anything a wrapper started.
      detached: true,
    });
    child = proc;
    const giveUp = (why: Parameters<JournalFollowerOptions['unusable']>[0]) => {
      if (gaveUp) return;
      gaveUp = true;
      if (proc.pid !== undefined) signalGroup(proc.pid, 'SIGTERM');
      options.unusable(why);
    };
    exited = new Promise((resolve) => {
      proc.once('close', (code, signal) => {
        child = null;
        resolve();
        if (stopped || gaveUp) return;
        if (!everRead && signal === null) {
          giveUp({ reason: 'failed', detail: `journalctl exited with code ${code}` });
          return;
        }
        failures = readThisRun ? 1 : failures + 1;
        const delay = backoffDelay(options.backoff, failures);
        log.warn({ exit_code: code, signal, restart_in_ms: delay }, `kernel log follower (journalctl) ended (${signal ?? `exit ${code}`}); restarting in ${delay} ms`);
        timer = setTimeout(start, delay);
      });
    });
    proc.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') giveUp({ reason: 'no_journalctl', detail: `${options.command} not found` });
      else log.warn({ err: error }, 'kernel log follower (journalctl) could not be started');
    });
    // readline re-emits a pipe's errors as its own; the process's 'close' deals with an ended journalctl.
    const errors = readline.createInterface({ input: proc.stderr! });
    errors.on('error', () => undefined);
    errors.on('line', (line) => {
      if (NO_PERMISSION.test(line)) giveUp({ reason: 'no_permission', detail: line });
      else if (NO_JOURNAL.test(line)) giveUp({ reason: 'no_journal', detail: line });
      else if (line.trim() !== '') log.debug({ stderr: line }, 'journalctl');
    });
    const records = readline.createInterface({ input: proc.stdout! });
    records.on('error', () => undefined);
    records.on('line', (line) => {
      if (gaveUp || stopped) return;
      const record = parseJournalRecord(line);
      if (record === null) return;
      if ('malformed' in record) {
        sink.malformed('journal', record.malformed);
        return;
      }
      if (!everRead) sink.reading('journal');
      everRead = true;
      readThisRun = true;
      cursor = record.cursor;
      const npu = npuKernelLine(record.message, record.at);
      if (npu === null) return;
      const live = record.at >= startedAt;
      sink.line?.(npu, live);
      if (npu.event) sink.event(npu.event, record.at, live);
    });
  };
  start();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      const pid = child?.pid;
      if (pid !== undefined) signalGroup(pid, 'SIGTERM');
      await exited;
    },
  };
}
