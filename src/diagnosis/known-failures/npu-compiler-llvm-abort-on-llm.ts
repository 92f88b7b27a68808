import { npuVerdict } from '../facts.js';
import type { DiagnoseFacts } from '../types.js';
import type { KnownFailure } from './known-failure.js';

// The NPU compiler (VPUX) aborts with an LLVM fatal error while compiling an LLM it does not support (Qwen3-0.6B
// INT4 with per-group quantization, Lunar Lake NPU 4000, OpenVINO 2026.0), while small models compile and run.
// LLVM's report_fatal_error writes "LLVM ERROR: <reason>" to fd 2 and ends the process (llvm/llvm-project
// llvm/lib/Support/ErrorHandling.cpp, report_fatal_error; the thread saw SIGABRT), so the text lands in the worker's
// native output, and the benchmark's own error only says the worker died (src/canary/classify-run.ts).
export const npuCompilerLlvmAbortOnLlm: KnownFailure = {
  id: 'npu-compiler-llvm-abort-on-llm',
  title: 'the NPU compiler aborted on the LLM (LLVM ERROR) although the NPU passed its canary',
  // The canary passed, so an LLVM abort in that worker's native output comes from compiling the LLM; the
  // benchmark's message is searched too, for a runtime that reports the abort's text there.
  seen_in: ['canary', 'benchmark'],
  pattern: /LLVM ERROR: /,
  when: llmFailedAfterCanaryPassed,
  meaning:
    "the NPU works (its canary compiled and ran), but the NPU compiler hit an internal error on this LLM's graph and aborted the process. In the thread the model was Qwen3-0.6B INT4 with per-group quantization (group_size=128), which is not a supported NPU configuration: the reporter contrasts it with channel-wise INT4, which is listed as supported",
  fix:
    'use a model exported the way the NPU supports (channel-wise, symmetric INT4 rather than per-group asymmetric; per the thread, channel-wise INT4 is the supported form) or benchmark this model on CPU/GPU; the NPU itself needs no repair',
  source: 'https://github.com/openvinotoolkit/openvino/issues/34450',
};

// The NPU's canary passed and its LLM benchmark then failed.
function llmFailedAfterCanaryPassed(facts: DiagnoseFacts): boolean {
  const npu = npuVerdict(facts);
  return npu !== null && npu.canary.result === 'ok' && npu.benchmark_error !== null;
}
