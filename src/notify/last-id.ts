import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../host/atomic-write.js';
import type { BasicLogger } from '../log.js';

// Where the notifier keeps the id of the last event it showed, so a restart shows nothing twice.
export interface LastIdStore {
  // The saved id, or null when none was saved (or the file is unreadable, which is logged).
  load(): number | null;
  // Saves the id atomically (writeFileAtomic); a failure is logged, never thrown.
  save(id: number): void;
}

// The default file: $XDG_STATE_HOME/npu-watch/notify-last-id (XDG_STATE_HOME defaults to ~/.local/state).
export function defaultLastIdFile(env: NodeJS.ProcessEnv, home: string): string {
  const base = env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : path.join(home, '.local', 'state');
  return path.join(base, 'npu-watch', 'notify-last-id');
}

// A LastIdStore on a small text file holding one decimal id.
export function fileLastIdStore(file: string, log: BasicLogger): LastIdStore {
  return {
    load() {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log.warn({ err: error, file }, `cannot read ${file}; starting without a last shown id`);
        return null;
      }
      const value = text.trim();
      if (!/^\d{1,15}$/.test(value)) {
        log.warn({ file }, `${file} does not hold an event id (${JSON.stringify(value.slice(0, 40))}); starting without a last shown id`);
        return null;
      }
      return Number(value);
    },
    save(id) {
      try {
        writeFileAtomic(file, `${id}\n`);
      } catch (error) {
        log.warn({ err: error, file }, `cannot save the last shown event id to ${file}: ${(error as Error).message}`);
      }
    },
  };
}
