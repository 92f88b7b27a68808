import type { DeviceVerdict } from '../canary/canary-pass.js';
import type { CanaryOutcome } from '../canary/outcome.js';
import type { DeviceReport } from '../probes/device/types.js';
import type { Component } from '../probes/inventory/types.js';
import {
  NPU_DRIVER_ISSUES,
  NPU_DRIVER_RELEASES,
  OPENVINO_ISSUES,
  componentVersions,
  describeFailure,
  describeOutcome,
  failed,
  fixed,
  isCpu,
  isGpu,
  isNpu,
  lastLine,
  levelZeroLine,
  levelZeroUpgrade,
  npuDriverLine,
  openvinoLine,
  openvinoOutdated,
  pendingUpdates,
  otherCompilerLines,
  packageManager,
  unsupportedProperties,
} from './evidence.js';
import type { Diagnosis } from './types.js';

// What the canary rules look at: one canary pass's verdicts, the inventory's components, the expected speeds.
export interface CanaryFacts {
  verdicts: DeviceVerdict[];
  components: Component[];
  // Expected decode tok/s per device (e.g. { NPU: [20, 40] }, the seed's 3B int4 row); "NPU" also covers "NPU.0".
  expected_tokens_per_second: Record<string, [number, number]>;
  // The device probe's report when known: names the NPU in evidence and tells "not on the PCI bus" (a device
  // rule) from "on the bus but OpenVINO does not list it".
  hardware?: DeviceReport | null;
}

// Every id diagnoseCanaries can give, in the order it gives them (most fundamental first).
export const CANARY_RULE_IDS = [
  'openvino-runtime-missing',
  'cpu-fails-too',
  'openvino-does-not-list-npu',
  'shared-level-zero-failure',
  'npu-timeout',
  'npu-plugin-compiler-works',
  'npu-canary-fails',
  'npu-compiler-version-mismatch',
  'npu-tokens-disagree',
  'npu-slower-than-expected',
] as const;

// Results that mean a device compiled or ran the canary and failed at it (not "could not start").
const RAN_AND_FAILED = new Set(['compile_error', 'compile_crash', 'infer_error', 'infer_crash']);

// The seed's Root Cause Analysis over one canary pass (pure): each rule gives at most one diagnosis, a rule
// that explains another suppresses it (a missing runtime suppresses everything; a failing CPU control, an
// unlisted NPU, a shared Level Zero failure, a hang or a working plugin compiler suppress npu-canary-fails).
export function diagnoseCanaries(facts: CanaryFacts): Diagnosis[] {
  const missing = runtimeMissing(facts);
  if (missing) return [missing];
  const npu = facts.verdicts.find((v) => isNpu(v.device)) ?? null;
  const cpu = facts.verdicts.find((v) => isCpu(v.device)) ?? null;

  const cpuFails = cpuFailsToo(facts, cpu);
  const notListed = npu && !cpuFails ? npuNotListed(facts, npu) : null;
  const shared = npu && cpu && !cpuFails ? sharedLevelZeroFailure(facts, npu, cpu) : null;
  const timeout = npu ? npuTimeout(facts, npu) : null;
  const plugin = npu ? pluginCompilerWorks(facts, npu) : null;
  const explained = cpuFails ?? notListed ?? shared ?? timeout ?? plugin;
  const npuFails = npu && !explained ? npuCanaryFails(facts, npu, cpu) : null;
  const found = [
    cpuFails,
    notListed,
    shared,
    timeout,
    plugin,
    npuFails,
    npu ? compilerVersionMismatch(facts, npu) : null,
    npu ? tokensDisagree(facts, npu, cpu) : null,
    npu ? slowerThanExpected(facts, npu) : null,
  ];
  return found.filter((d): d is Diagnosis => d !== null);
}

// openvino-runtime-missing: the worker could not load OpenVINO, so nothing below it was tested.
function runtimeMissing(facts: CanaryFacts): Diagnosis | null {
  const missing = facts.verdicts.filter((v) => v.canary.result === 'runtime_missing');
  if (missing.length === 0) return null;
  const byMessage = new Map<string, string[]>();
  for (const v of missing) {
    const message = lastLine(v.canary.message) ?? 'the runtime could not be loaded';
    byMessage.set(message, [...(byMessage.get(message) ?? []), v.device]);
  }
  const evidence = [...byMessage].map(([message, devices]) => `${devices.join(', ')}: ${message}`);
  const installed = componentVersions(facts.components, ['openvino-node', 'openvino-python']);
  evidence.push(installed ? `installed OpenVINO packages: ${installed}` : 'the inventory found no OpenVINO package (openvino-node, openvino-python)');
  return {
    id: 'openvino-runtime-missing',
    summary: 'The OpenVINO runtime cannot be loaded, so no device could be tested',
    evidence,
    next_step:
      "Install the runtime npu-watch's worker loads (`npm install openvino-node` where npu-watch is installed), or point " +
      '[runtime] module at a module with the openvino-node API; then `npu-watch check --device CPU` must pass before any NPU result means anything.',
  };
}

// cpu-fails-too: the control fails, so the runtime or the canary is at fault, not the NPU.
function cpuFailsToo(facts: CanaryFacts, cpu: DeviceVerdict | null): Diagnosis | null {
  if (cpu === null || !failed(cpu.canary)) return null;
  const evidence = [`${cpu.device} (the control): ${describeFailure(cpu.canary)}`];
  for (const other of facts.verdicts) {
    if (other === cpu || !failed(other.canary)) continue;
    const same = other.canary.signature !== null && other.canary.signature === cpu.canary.signature;
    evidence.push(`${other.device}: ${same ? `${describeOutcome(other.canary)}, the same signature as ${cpu.device}` : describeFailure(other.canary)}`);
  }
  const openvino = openvinoLine(facts.verdicts, facts.components);
  if (openvino) evidence.push(openvino);
  return {
    id: 'cpu-fails-too',
    summary: 'The CPU control fails too: the OpenVINO runtime or the canary is at fault, not the NPU',
    evidence,
    next_step:
      `Look at the CPU run alone (\`npu-watch check --device CPU --json\`: canary.message and stderr_tail) and check for a newer OpenVINO (${openvinoOutdated(facts.components)}); ` +
      "if CPU still fails with a current OpenVINO, the canary itself is wrong: report it to npu-watch with that output. No NPU result is trustworthy until CPU passes.",
  };
}

// openvino-does-not-list-npu: the NPU is on the PCI bus (or the device probe did not say otherwise), the
// worker ran, and OpenVINO's device list has no NPU.
function npuNotListed(facts: CanaryFacts, npu: DeviceVerdict): Diagnosis | null {
  if (npu.canary.result !== 'device_missing' || npu.canary.stage !== 'discover') return null;
  const hardware = facts.hardware?.npus[0] ?? null;
  if (facts.hardware && hardware === null) return null;
  const evidence: string[] = [];
  if (hardware) {
    const node = hardware.node ? `, node ${hardware.node.path}` : ', no accel node';
    evidence.push(`${hardware.generation} NPU at ${hardware.pciAddress}, driver ${hardware.driver ?? 'none'}${node}`);
  }
  evidence.push(`${npu.device}: ${lastLine(npu.canary.message) ?? 'not listed by OpenVINO'}`);
  const plugin = Object.entries(npu.canary.runtime?.device_versions ?? {});
  if (plugin.length > 0) {
    evidence.push(`OpenVINO's NPU plugin is installed (${plugin.map(([name, build]) => `${name} ${build}`).join(', ')}) but found no NPU through Level Zero`);
  }
  const driver = componentVersions(facts.components, ['intel-npu-driver', 'intel-level-zero-npu', 'intel-driver-compiler-npu']);
  evidence.push(driver ? `NPU Level Zero driver: ${driver}` : 'no NPU Level Zero driver package found (intel-npu-driver on Fedora, intel-level-zero-npu from Intel)');
  const openvino = openvinoLine(facts.verdicts, facts.components);
  if (openvino) evidence.push(openvino);
  const manager = packageManager(facts.components);
  const install = driver
    ? `upgrade that driver (${levelZeroUpgrade(facts.components)})`
    : manager === 'rpm'
      ? 'install that driver (`sudo dnf install intel-npu-driver oneapi-level-zero`)'
      : `install that driver (intel-level-zero-npu, intel-driver-compiler-npu and level-zero from ${NPU_DRIVER_RELEASES})`;
  return {
    id: 'openvino-does-not-list-npu',
    summary: hardware ? 'The NPU is on the PCI bus but OpenVINO does not list it' : 'OpenVINO does not list the NPU',
    evidence,
    next_step: `OpenVINO's NPU plugin finds the NPU through the NPU's Level Zero driver, so ${install}, then run \`npu-watch check --device NPU\` again.`,
  };
}

// shared-level-zero-failure (the seed's conclusion): NPU and GPU fail with the same signature while CPU passes.
function sharedLevelZeroFailure(facts: CanaryFacts, npu: DeviceVerdict, cpu: DeviceVerdict): Diagnosis | null {
  const signature = npu.canary.signature;
  if (signature === null || !RAN_AND_FAILED.has(npu.canary.result) || cpu.canary.result !== 'ok') return null;
  const gpus = facts.verdicts.filter((v) => isGpu(v.device) && RAN_AND_FAILED.has(v.canary.result) && v.canary.signature === signature);
  if (gpus.length === 0) return null;
  const pending = pendingUpdates(facts.components);
  const evidence = [
    `the same failure signature on ${[npu, ...gpus].map((v) => v.device).join(' and ')}: ${signature}`,
    `${npu.device}: ${describeOutcome(npu.canary)}`,
    ...gpus.map((gpu) => `${gpu.device}: ${describeOutcome(gpu.canary)}`),
    `${cpu.device} (the control): ok, the same canary compiles and matches the reference`,
    levelZeroLine(facts.components),
  ];
  const openvino = openvinoLine(facts.verdicts, facts.components);
  if (openvino) evidence.push(openvino);
  evidence.push(...otherCompilerLines(npu));
  return {
    id: 'shared-level-zero-failure',
    summary: `${npu.device} and ${gpus.map((g) => g.device).join(', ')} fail with the same Level Zero error while ${cpu.device} works: a compute-runtime (Level Zero) bug, not the NPU`,
    evidence,
    next_step:
      `Update the Level Zero stack: ${levelZeroUpgrade(facts.components)}${pending ? ` (pending updates: ${pending})` : ''}. If it still fails, report it at ${OPENVINO_ISSUES} ` +
      `with the signature, the versions above and \`sudo dmesg\` output; until then run on ${cpu.device}.`,
  };
}

// npu-timeout: the NPU's worker hung at a stage and was killed (or could not be): likely stuck in the driver.
function npuTimeout(facts: CanaryFacts, npu: DeviceVerdict): Diagnosis | null {
  const runs = [npu.canary, ...(npu.compilers ?? []).slice(1)];
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
  const versions = npuDriverLine(npu, facts.components);
  if (versions) evidence.push(versions);
  return {
    id: 'npu-timeout',
    summary: `The NPU hung${stage ? ` during ${stage}` : ''} and its worker was killed: likely stuck in the driver`,
    evidence,
    next_step:
      "Look for intel_vpu errors in the kernel log (`sudo dmesg | grep -i intel_vpu`); a worker process left in state D " +
      '(uninterruptible: `ps -eo pid,stat,wchan:32,args`) is stuck in the driver, and only a reboot frees the NPU. ' +
      `Report it at ${NPU_DRIVER_ISSUES} with the kernel log and the versions.`,
  };
}

// npu-plugin-compiler-works: the driver's compiler fails where OpenVINO's plugin compiler passes.
function pluginCompilerWorks(facts: CanaryFacts, npu: DeviceVerdict): Diagnosis | null {
  if (npu.canary.result === 'ok') return null;
  const driver = npu.compilers?.find((run) => run.compiler === 'DRIVER');
  const plugin = npu.compilers?.find((run) => run.compiler === 'PLUGIN');
  if (!driver || !plugin || !failed(driver) || plugin.result !== 'ok') return null;
  const evidence = [`${npu.device} with NPU_COMPILER_TYPE=DRIVER: ${describeFailure(driver)}`, `${npu.device} with NPU_COMPILER_TYPE=PLUGIN: ok, the canary compiles and matches the reference`];
  const versions = npuDriverLine(npu, facts.components);
  if (versions) evidence.push(versions);
  const openvino = openvinoLine(facts.verdicts, facts.components);
  if (openvino) evidence.push(openvino);
  return {
    id: 'npu-plugin-compiler-works',
    summary: "The NPU works with OpenVINO's plugin compiler; the driver's compiler fails",
    evidence,
    next_step:
      'Compile for the NPU with the plugin compiler: pass NPU_COMPILER_TYPE=PLUGIN in the compile config ' +
      '(Python: `core.compile_model(model, "NPU", {"NPU_COMPILER_TYPE": "PLUGIN"})`), and report the driver compiler\'s failure at ' +
      `${OPENVINO_ISSUES} with the signature and the versions.`,
  };
}

// npu-canary-fails: the NPU fails and no rule above explains why (the CPU control passes or was not run).
function npuCanaryFails(facts: CanaryFacts, npu: DeviceVerdict, cpu: DeviceVerdict | null): Diagnosis | null {
  const canary = npu.canary;
  if (!RAN_AND_FAILED.has(canary.result) && canary.result !== 'wrong_output') return null;
  const wrong = canary.result === 'wrong_output';
  const evidence = [`${npu.device}: ${describeFailure(canary)}`];
  if (wrong && canary.max_abs_error !== null && canary.tolerance !== null) {
    evidence.push(`largest error ${canary.max_abs_error.toPrecision(3)} against a tolerance of ${canary.tolerance.toPrecision(3)}`);
  }
  evidence.push(...otherCompilerLines(npu));
  const gpus = facts.verdicts.filter((v) => isGpu(v.device));
  for (const gpu of gpus) {
    if (gpu.canary.result === 'ok') evidence.push(`${gpu.device}: ok`);
    else if (failed(gpu.canary)) evidence.push(`${gpu.device}: ${describeFailure(gpu.canary)} (a different failure: not one shared Level Zero bug)`);
  }
  if (cpu?.canary.result === 'ok') evidence.push(`${cpu.device} (the control): ok`);
  evidence.push(levelZeroLine(facts.components));
  const openvino = openvinoLine(facts.verdicts, facts.components);
  if (openvino) evidence.push(openvino);
  const gpuHint =
    gpus.length === 0 && canary.signature?.includes('ZE_RESULT_')
      ? ' Add "GPU" to [canary] devices: if the GPU fails with the same signature, the shared Level Zero runtime is at fault, not the NPU.'
      : '';
  return {
    id: 'npu-canary-fails',
    summary: wrong
      ? `The NPU computes the canary wrongly${cpu?.canary.result === 'ok' ? ` while ${cpu.device} gets it right` : ''}`
      : `The NPU canary fails: ${describeOutcome(canary)}${cpu?.canary.result === 'ok' ? ` while ${cpu.device} passes` : ''}`,
    evidence,
    next_step:
      `Check for newer drivers and OpenVINO (${levelZeroUpgrade(facts.components)}; ${openvinoOutdated(facts.components)}), then report it at ` +
      `${OPENVINO_ISSUES} with ${wrong ? 'the numbers above' : 'the signature'}, the versions and \`sudo dmesg | grep -i intel_vpu\`.${gpuHint}`,
  };
}

// npu-compiler-version-mismatch: "property is not supported by this compiler version" warnings during the NPU compile.
function compilerVersionMismatch(facts: CanaryFacts, npu: DeviceVerdict): Diagnosis | null {
  const runs: CanaryOutcome[] = [npu.canary, ...(npu.compilers ?? [])];
  const worst = runs.reduce((a, b) => (b.compiler_warnings > a.compiler_warnings ? b : a));
  if (worst.compiler_warnings === 0) return null;
  const evidence = [`${worst.compiler_warnings} "property is not supported by this compiler version" warnings during the ${npu.device} compile`];
  const properties = unsupportedProperties(worst.stderr_tail);
  if (properties.length > 0) evidence.push(`unsupported: ${properties.join(', ')}`);
  const openvino = openvinoLine(facts.verdicts, facts.components);
  if (openvino) evidence.push(openvino);
  const driver = npuDriverLine(npu, facts.components);
  if (driver) evidence.push(driver);
  const pending = pendingUpdates(facts.components);
  return {
    id: 'npu-compiler-version-mismatch',
    summary: "OpenVINO and the NPU driver's compiler are mismatched versions (compiler-version warnings during the NPU compile)",
    evidence,
    next_step:
      `Bring OpenVINO and the NPU driver to releases made for each other (the driver's release notes at ${NPU_DRIVER_RELEASES} name the OpenVINO it was validated with): ` +
      `check ${openvinoOutdated(facts.components)}${pending ? ` and ${pending}` : ''}.`,
  };
}

// npu-tokens-disagree: the NPU's greedy LLM tokens differ from CPU's (silent garbage at full speed).
function tokensDisagree(facts: CanaryFacts, npu: DeviceVerdict, cpu: DeviceVerdict | null): Diagnosis | null {
  const benchmark = npu.benchmark;
  if (!benchmark || benchmark.agreement_ok !== false) return null;
  const cpuName = cpu?.device ?? 'CPU';
  const agreement = benchmark.token_agreement === null ? 'too few' : `${Math.round(benchmark.token_agreement * 100)}%`;
  const evidence = [
    `${agreement} of ${npu.device}'s greedy tokens agree with ${cpuName}'s for the same prompt (model ${benchmark.model})`,
    `${npu.device} decodes at ${fixed(benchmark.tokens_per_second)} tok/s, so the speed looks fine`,
    `first tokens: ${npu.device} [${benchmark.tokens.slice(0, 8).join(', ')}]${cpu?.benchmark ? `, ${cpuName} [${cpu.benchmark.tokens.slice(0, 8).join(', ')}]` : ''}`,
  ];
  if (npu.canary.result === 'ok') evidence.push(`${npu.device} canary: ok (the small model is right; the LLM is not)`);
  const versions = npuDriverLine(npu, facts.components);
  if (versions) evidence.push(versions);
  const openvino = openvinoLine(facts.verdicts, facts.components);
  if (openvino) evidence.push(openvino);
  return {
    id: 'npu-tokens-disagree',
    summary: `The NPU's LLM output disagrees with ${cpuName}'s: silent garbage at full speed`,
    evidence,
    next_step:
      `Do not use the NPU's output. Report it at ${OPENVINO_ISSUES} with the model, the prompt, both token sequences and the versions, ` +
      `and check for newer drivers and OpenVINO (${levelZeroUpgrade(facts.components)}; ${openvinoOutdated(facts.components)}).`,
  };
}

// npu-slower-than-expected: the NPU works, but decodes below the configured range's minimum.
function slowerThanExpected(facts: CanaryFacts, npu: DeviceVerdict): Diagnosis | null {
  const benchmark = npu.benchmark;
  const range = facts.expected_tokens_per_second[npu.device] ?? facts.expected_tokens_per_second.NPU;
  if (!npu.working || !benchmark || !range || benchmark.tokens_per_second >= range[0]) return null;
  const [min, max] = range;
  const evidence = [
    `${npu.device} decodes ${benchmark.model} at ${fixed(benchmark.tokens_per_second)} tok/s (±${fixed(benchmark.tokens_per_second_stddev)}, median of ${benchmark.repetitions})`,
    `expected for ${npu.device}: ${min}–${max} tok/s`,
    `first token after ${benchmark.ttft_seconds.toFixed(2)} s; compile ${fixed(benchmark.compile_seconds)} s (${benchmark.compile_cache})`,
  ];
  const versions = npuDriverLine(npu, facts.components);
  if (versions) evidence.push(versions);
  return {
    id: 'npu-slower-than-expected',
    summary: `The NPU works but decodes at ${fixed(benchmark.tokens_per_second)} tok/s, below the expected ${min}–${max} tok/s`,
    evidence,
    next_step:
      'Check that the expected range is for this model and precision (the seed\'s table: 3B int4 20–40 tok/s, 7B int4 10–20 tok/s) and that the decode ran on ' +
      `the NPU (npuwatch_npu_busy_ratio); then compare again after the next driver or OpenVINO update (${levelZeroUpgrade(facts.components)}; ${openvinoOutdated(facts.components)}).`,
  };
}
