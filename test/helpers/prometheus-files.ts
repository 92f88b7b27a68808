import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Where the shipped Prometheus files live, and the alerts they define (DESIGN.md), for the tests that read them
// (test/unit/prometheus/rules.test.ts) and the ones that run promtool on them (test/integration/prometheus/).
export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const PROMETHEUS = path.join(REPO, 'prometheus');
export const TESTS = path.join(PROMETHEUS, 'tests');

export const ALERTS = [
  'NpuStartedWorking',
  'NpuStoppedWorking',
  'NpuFailingDifferently',
  'NpuCanaryStale',
  'NpuWatchDown',
  'NpuWatchAbsent',
  'NpuSlowerThanExpected',
  'ComponentUpdateAvailable',
  'NpuReset',
];

// The files in `dir` whose names end with `suffix`, sorted, as full paths.
export async function filesIn(dir: string, suffix: string): Promise<string[]> {
  const names = (await fs.readdir(dir)).filter((name) => name.endsWith(suffix)).sort();
  return names.map((name) => path.join(dir, name));
}
