import { lastLine } from '../../canary/describe-failure.js';
import { NPU_DRIVER_ISSUES, distinctCompilerRuns, fixed, npuDriverLine } from '../evidence.js';
import { componentsOf, npuVerdict } from '../facts.js';
import { kernelFailureEvidence, kernelLogRead } from '../kernel-evidence.js';
import type { DiagnosisRule } from '../types.js';

// What to do with the kernel log: read the driver's failures quoted above, or (npu-watch could not read it) look.
function lookInTheKernelLog(quoted: boolean, read: boolean): string {
  if (quoted) return "The kernel's intel_vpu failure lines above say what the driver saw (a job timeout and reset: the NPU hung)";
  if (read) return 'The kernel logged no intel_vpu failure this boot (npu-watch read its log)';
  return 'Look for intel_vpu errors in the kernel log (`sudo dmesg | grep -i intel_vpu`)';
}

// npu-timeout: the NPU's worker hung at a stage and was killed (or could not be): likely stuck in the driver.
export const npuTimeout: DiagnosisRule = {
  id: 'npu-timeout',
  suppresses: ['npu-canary-fails'],
  diagnose(facts) {
    const npu = npuVerdict(facts);
    if (npu === null) return null;
    // The default configuration, then each forced compiler that ended otherwise (a hang in every run says so once).
    const runs = [npu.canary, ...distinctCompilerRuns(npu)];
    const evidence: string[] = [];
    // The stage of the first hang found, for the summary (undefined until one is found).
    let stage: string | null | undefined;
    for (const [index, run] of runs.entries()) {
      const label = index === 0 ? npu.device : `${npu.device} with NPU_COMPILER_TYPE=${run.compiler ?? 'default'}`;
      if (run.result === 'timeout') {
        const message = lastLine(run.message);
        evidence.push(`${label}: timeout${run.stage ? ` during ${run.stage}` : ''} after ${fixed(run.duration_seconds)} s${message ? `: ${message}` : ''}`);
        stage ??= run.stage;
      } else if (run.result === 'skipped' && run.message !== null && /stuck/.test(run.message)) {
        evidence.push(`${label}: skipped: ${lastLine(run.message)}`);
        stage ??= null;
      }
    }
    const benchmark = npu.benchmark_error;
    if (benchmark && /timed out|did not exit/.test(benchmark.message)) {
      evidence.push(`${npu.device} LLM benchmark: ${benchmark.message}`);
      stage ??= benchmark.stage;
    }
    if (evidence.length === 0) return null;
    const versions = npuDriverLine(npu, componentsOf(facts));
    if (versions) evidence.push(versions);
    const kernel = kernelFailureEvidence(facts);
    evidence.push(...kernel);
    return {
      id: 'npu-timeout',
      summary: `The NPU hung${stage ? ` during ${stage}` : ''} and its worker was killed: likely stuck in the driver`,
      evidence,
      next_step:
        `${lookInTheKernelLog(kernel.length > 0, kernelLogRead(facts))}; a worker process left in state D ` +
        '(uninterruptible: `ps -eo pid,stat,wchan:32,args`) is stuck in the driver, and only a reboot frees the NPU. ' +
        `Report it at ${NPU_DRIVER_ISSUES} with the kernel log and the versions.`,
    };
  },
};
