import fs from 'node:fs';
import path from 'node:path';
import { commandsWith, type MaterializedHost } from './host-fixture.js';

// Kernel log text lines as `journalctl --output=json` records (one JSON object a line): each MESSAGE is the line as
// given (a fixture's, verbatim); the cursors and times are the test's, one record every `stepMs` from `startAt`.
export function journalRecords(lines: string[], startAt: number, stepMs = 1000, cursorPrefix = 'test'): string[] {
  return lines.map((line, index) =>
    JSON.stringify({ __CURSOR: `s=${cursorPrefix};i=${index + 1}`, __REALTIME_TIMESTAMP: String((startAt + index * stepMs) * 1000), _TRANSPORT: 'kernel', MESSAGE: line }),
  );
}

// A dmesg or journalctl short-output line as the journal's MESSAGE has it: without `[    9.74] ` or `host kernel: `.
export function journalMessage(line: string): string {
  return line.replace(/^\s*\[\s*[\d.]+\] /, '').replace(/^\S+ kernel: /, '').replace(/^\s+/, '');
}

// A bin directory whose journalctl answers npu-watch's one-shot read (`--dmesg … --output=json`) with the host's
// captured kernel log (outputs/journalctl-dmesg.json) followed by `records`, and runs `follow` (a stand-in for
// `journalctl -f`) when given -f.
export async function oneShotJournal(host: MaterializedHost, records: string[], follow?: string): Promise<string> {
  const file = path.join(host.root, `kernel-records-${process.pid}-${Date.now()}.jsonl`);
  fs.writeFileSync(file, records.map((record) => `${record}\n`).join(''));
  const following = follow ? `  *" -f "*) exec '${follow}' "$@" ;;\n` : '';
  return commandsWith(
    host,
    'journalctl',
    `#!/bin/sh\ncase " $* " in\n${following}  *" --output=json "*) cat '${host.root}/outputs/journalctl-dmesg.json' '${file}' ;;\n  *) echo "journalctl stand-in: unexpected arguments: $*" >&2; exit 1 ;;\nesac\n`,
  );
}
