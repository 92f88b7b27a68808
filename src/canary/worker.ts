// The canary worker: runs in a child process only (native code never runs in the daemon). Reads one
// WorkerJob as JSON on stdin, writes JSON lines on file descriptor 3 (worker/emit.ts; types.ts WorkerMessage),
// and leaves stdout and stderr to the runtime: native log lines and a crash's last words reach the launcher as text.
import { text } from 'node:stream/consumers';
import type { RuntimeInfo, WorkerJob, WorkerVerdict } from './types.js';
import { runBenchmarkStages } from './worker/benchmark-stages.js';
import { runCanaryStages } from './worker/canary-stages.js';
import { isListed } from './device-names.js';
import { discover } from './worker/discover.js';
import { emit, errorMessage, stage } from './worker/emit.js';
import { loadRuntime } from './worker/load-runtime.js';
import { endWhenParentGoes } from './worker/parent-watch.js';

async function main(): Promise<void> {
  // A worker whose daemon was killed (kill -9, OOM) ends itself instead of hanging on under PID 1.
  endWhenParentGoes();
  const job = JSON.parse(await text(process.stdin)) as WorkerJob;
  const verdict = (result: WorkerVerdict['result'], stageName: WorkerVerdict['stage'], message: string | null, runtime: RuntimeInfo | null): void =>
    emit({ type: 'verdict', verdict: { runtime, result, stage: stageName, message, max_abs_error: null, tolerance: null } });

  const loaded = await stage('load_runtime', () => loadRuntime(job.runtime_module));
  if (!loaded.ok) return verdict('runtime_missing', 'load_runtime', loaded.message, null);
  const { addon } = loaded;

  let core;
  let runtime: RuntimeInfo;
  try {
    [core, runtime] = await stage('discover', () => {
      const created = new addon.Core();
      return [created, discover(addon, created, job.device, job.runtime_module, loaded.fake)] as const;
    });
  } catch (error) {
    return verdict('device_missing', 'discover', `OpenVINO could not list its devices: ${errorMessage(error)}`, null);
  }
  emit({ type: 'runtime', runtime });
  if (!isListed(runtime.available_devices, job.device)) {
    const listed = runtime.available_devices.join(', ') || 'none';
    return verdict('device_missing', 'discover', `OpenVINO does not list ${job.device} (it lists: ${listed})`, runtime);
  }

  const result = await runCanaryStages(addon, core, job.device, job.compiler_type, runtime, job.work_dir ?? null, job.canary ?? null);
  emit({ type: 'verdict', verdict: result });
  if (result.result === 'ok' && job.benchmark) await runBenchmarkStages(addon, core, job.device, job.benchmark);
}

main().then(
  // Native runtimes may leave threads behind that keep the process alive: leave once the work is done.
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`npu-watch worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(70);
  },
);
