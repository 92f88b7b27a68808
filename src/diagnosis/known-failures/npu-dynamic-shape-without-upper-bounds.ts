import type { KnownFailure } from './known-failure.js';

// compile_model(..., "NPU") of an LLM exported with unbounded dynamic dimensions (Qwen3-0.6B INT4, Lunar Lake,
// OpenVINO 2026.0): the NPU compiler's front end rejects every node whose bounds are INT64_MAX.
export const npuDynamicShapeWithoutUpperBounds: KnownFailure = {
  id: 'npu-dynamic-shape-without-upper-bounds',
  title: 'the NPU compiler rejected a model with unbounded dynamic dimensions ("Upper bounds are not specified")',
  seen_in: ['canary', 'benchmark'],
  pattern: /Upper bounds are not specified for node/,
  meaning:
    "the NPU compiler needs an upper bound for every dimension; the model was compiled for NPU with dynamic input dimensions that have none (bounds 9223372036854775807, i.e. INT64_MAX), so compilation fails. The NPU itself is not at fault: the model's shapes are",
  fix:
    "make the model's inputs static or give them upper bounds before compiling for NPU (model.reshape with fixed sizes); the thread is open, and its reporter's follow-up openvinotoolkit/openvino#34651 turns this into an early error asking to reshape `input_ids`. For LLMs, openvino.genai's LLMPipeline on NPU reshapes the prefill and kv-cache models to static sizes itself (openvinotoolkit/openvino.genai#491)",
  source: 'https://github.com/openvinotoolkit/openvino/issues/34617',
};
