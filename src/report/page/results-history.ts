import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { DeviceVerdict } from '../../canary/canary-pass.js';
import { writeFileAtomic } from '../../host/atomic-write.js';
import type { BasicLogger } from '../../log.js';
import { packageWattsOf } from '../../power/power-window.js';
import { pageRuntimeSchema, type PerformancePoint } from './page-model.js';
import { pageRuntimeOf } from './page-runtime.js';

// Every canary pass's outcome per device, kept by the daemon for the status page (the state dir's results.json, the
// newest [status] history of them): when a device first failed or passed, and the benchmark figures for the charts.
// The status machine keeps only its debounced changes; a device that went from unknown to broken to working has
// no event saying when it broke, and this says it.
export const RESULTS_FILE = 'results.json';

export const resultRecordSchema = z.object({
  at: z.string(),
  device: z.string(),
  runtime: pageRuntimeSchema.nullable(),
  working: z.boolean(),
  result: z.string(),
  signature: z.string().nullable(),
  benchmark: z
    .object({
      model: z.string(),
      tokens_per_second: z.number(),
      ttft_seconds: z.number(),
      watts: z.number().nullable(),
      joules_per_token: z.number().nullable(),
    })
    .nullable(),
});
export type ResultRecord = z.infer<typeof resultRecordSchema>;

const resultsFileSchema = z.object({ version: z.literal(1), records: z.array(resultRecordSchema) });

// The records of one canary pass (pure); a skipped device leaves none.
export function resultRecordsOf(verdicts: DeviceVerdict[], at: number): ResultRecord[] {
  return verdicts
    .filter((verdict) => verdict.canary.result !== 'skipped')
    .map((verdict) => {
      const b = verdict.benchmark;
      // The package's power, as the status machine takes it.
      const packageWatts = packageWattsOf(b?.power?.watts ?? {});
      return {
        at: new Date(at).toISOString(),
        device: verdict.device,
        runtime: pageRuntimeOf(verdict.runtime, verdict.canary.runtime),
        working: verdict.working,
        result: verdict.canary.result,
        signature: verdict.canary.signature,
        benchmark: b
          ? { model: b.model, tokens_per_second: b.tokens_per_second, ttft_seconds: b.ttft_seconds, watts: packageWatts, joules_per_token: b.power?.joules_per_token ?? null }
          : null,
      };
    });
}

// The measured (or, from the fake runtime, test) figures among the records, oldest first (pure).
export function performancePointsOf(records: readonly ResultRecord[]): PerformancePoint[] {
  return records.flatMap((record) => (record.benchmark && record.runtime ? [{ at: record.at, device: record.device, runtime: record.runtime, ...record.benchmark }] : []));
}

// The kept records in `dir`; none when the file is missing or not ours (it only feeds the page: nothing to move aside).
export function loadResultsHistory(dir: string): ResultRecord[] {
  try {
    const checked = resultsFileSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dir, RESULTS_FILE), 'utf8')));
    return checked.success ? checked.data.records : [];
  } catch {
    return [];
  }
}

// The daemon's kept records: loaded once, appended after each canary pass and saved atomically (a failed save is
// logged, and the records stay in memory for the page).
export interface ResultsKeeper {
  record(verdicts: DeviceVerdict[], at: number): void;
  records(): ResultRecord[];
}

export function createResultsKeeper(dir: string, capacity: number, log: BasicLogger): ResultsKeeper {
  let kept = loadResultsHistory(dir);
  const keep = Math.max(1, capacity);
  return {
    record(verdicts, at) {
      const records = resultRecordsOf(verdicts, at);
      if (records.length === 0) return;
      kept = [...kept, ...records].slice(-keep);
      try {
        writeFileAtomic(path.join(dir, RESULTS_FILE), `${JSON.stringify({ version: 1, records: kept })}\n`);
      } catch (error) {
        log.error({ dir, err: error }, `cannot save the results history in ${dir}`);
      }
    },
    records: () => [...kept],
  };
}
