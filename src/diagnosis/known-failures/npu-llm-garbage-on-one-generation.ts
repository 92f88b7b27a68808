import { npuVerdict } from '../facts.js';
import type { DiagnoseFacts } from '../types.js';
import type { KnownFailure } from './known-failure.js';

// An LLM decodes fine on CPU, GPU and NPU 3720 (Meteor Lake) but silently produces garbage (or an immediate EOS)
// on NPU 4000 (Lunar Lake) with the same files, OpenVINO 2026.3 and NPU driver: no error anywhere.
export const npuLlmGarbageOnOneGeneration: KnownFailure = {
  id: 'npu-llm-garbage-on-one-generation',
  title: "the NPU decoded the LLM without any error but its tokens disagree with CPU's (silent garbage)",
  // The thread's evidence is a table of decodes; npu-watch's is the token agreement (benchmark.agreement_ok),
  // which carries no text of its own: the facts are what identifies this failure.
  recognise: tokensDisagreeWithCpu,
  meaning:
    "the NPU ran the LLM to the end and reported success, but its greedy tokens are not CPU's. In the thread the same model files, OpenVINO version, compiler and driver were correct on DEVICE_ARCHITECTURE 3720 and produced garbage on 4000: the fault follows the NPU generation, not the model or the pipeline",
  fix:
    'the thread is open with no fix yet; do not trust this NPU\'s LLM output for this model: run it on CPU or GPU, and report the model, NPU_DRIVER_VERSION and DEVICE_ARCHITECTURE upstream as the thread does',
  source: 'https://github.com/openvinotoolkit/openvino/issues/38100',
};

// DEVICE_ARCHITECTURE of the NPU generation the thread found garbage on.
const GARBAGE_ARCHITECTURE = '4000';

// The NPU's benchmark finished on that generation and its tokens were judged against CPU's and found wrong.
function tokensDisagreeWithCpu(facts: DiagnoseFacts): string | null {
  const npu = npuVerdict(facts);
  const benchmark = npu?.benchmark;
  if (!npu || !benchmark || benchmark.agreement_ok !== false) return null;
  // The thread's generation: the same files decode correctly on 3720 (Meteor Lake) and not on 4000 (Lunar Lake).
  const architecture = npu.canary.runtime?.properties.DEVICE_ARCHITECTURE;
  if (architecture !== GARBAGE_ARCHITECTURE) return null;
  const agreement = benchmark.token_agreement === null ? 'low' : `${Math.round(benchmark.token_agreement * 100)} %`;
  return `${npu.device} (DEVICE_ARCHITECTURE ${architecture}): the LLM decoded without an error, but its greedy tokens agree with CPU's on ${agreement} of them`;
}
