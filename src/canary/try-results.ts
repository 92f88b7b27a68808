import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../host/atomic-write.js';

// What `npu-watch try-openvino` found, kept in the state dir (try-openvino.json) for the metrics
// (npuwatch_try_openvino_result), the diagnosis ("a working OpenVINO version exists") and later runs: per kind and
// version, the newest run's result on each device. A version tried again replaces its entry; --clean (which
// removes environments, not findings) keeps them.
export const TRY_RESULTS_FILE = 'try-openvino.json';

const tryDeviceSchema = z.object({
  device: z.string(),
  result: z.string(),
  working: z.boolean(),
  // On the NPU: the compiler the default configuration used (NPU_COMPILER_TYPE), when the runtime said.
  compiler: z.string().nullable(),
  signature: z.string().nullable(),
});

export const tryEntrySchema = z.object({
  kind: z.enum(['python', 'node']),
  version: z.string(),
  // When it was tried (ISO 8601).
  at: z.string(),
  // pip's or npm's reason when the version could not be installed (then no devices), else null.
  install_failed: z.string().nullable(),
  devices: z.array(tryDeviceSchema),
  // The NPU driver package it was tried with ("intel-npu-driver 1.16.0-1.fc44"), when the inventory knew it.
  npu_driver: z.string().nullable(),
  // Whether the runtime that ran was npu-watch's fake (tests): its results are not an NPU's.
  fake: z.boolean(),
});
export type TryEntry = z.infer<typeof tryEntrySchema>;

const tryResultsSchema = z.object({ version: z.literal(1), entries: z.array(tryEntrySchema) });
export type TryResults = z.infer<typeof tryResultsSchema>;

// The kept entries with a run's replacing those of the same kind and version (pure), ordered by kind then version.
export function mergeTryEntries(kept: readonly TryEntry[], fresh: readonly TryEntry[]): TryEntry[] {
  const key = (e: TryEntry) => `${e.kind}\u0000${e.version}`;
  const merged = new Map(kept.map((e) => [key(e), e]));
  for (const e of fresh) merged.set(key(e), e);
  return [...merged.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.version.localeCompare(b.version, 'en', { numeric: true }));
}

// A version works when it was installed and every device it ran on works.
export const tryEntryWorks = (entry: TryEntry): boolean => entry.install_failed === null && entry.devices.length > 0 && entry.devices.every((d) => d.working);

// The kept results in the state dir; none when the file is missing or not ours.
export function loadTryResults(stateDir: string): TryEntry[] {
  try {
    const checked = tryResultsSchema.safeParse(JSON.parse(fs.readFileSync(path.join(stateDir, TRY_RESULTS_FILE), 'utf8')));
    return checked.success ? checked.data.entries : [];
  } catch {
    return [];
  }
}

// Saves the entries atomically (host/atomic-write.ts): a crash leaves the old file or the new one.
export function saveTryResults(stateDir: string, entries: TryEntry[]): void {
  const file: TryResults = { version: 1, entries };
  writeFileAtomic(path.join(stateDir, TRY_RESULTS_FILE), `${JSON.stringify(file, null, 2)}\n`);
}
