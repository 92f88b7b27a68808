import type { KnownFailure } from './known-failure.js';

// The NPU plugin's LLM path (NPUW) could not compile a partition of Phi-4-mini (int4/int8/fp16 from OpenVINO's
// Hugging Face repository) on NPU or any fallback device, with the NPU driver of the time.
export const npuwNoMoreDevicesLeft: KnownFailure = {
  id: 'npuw-no-more-devices-left',
  title: 'the NPU plugin\'s LLM pipeline (NPUW) could not compile the model on any device ("No more devices are left!")',
  seen_in: ['benchmark'],
  pattern: /Failed to compile\. No more devices are left!/,
  meaning:
    "NPUW splits the LLM into partitions and compiles each for the NPU, falling back to the other devices it is allowed; every device failed for one partition. In the thread it happened with every Phi-4-mini variant and the NPU driver then installed",
  fix:
    'a maintainer asked to retry with the latest NPU driver, and the reporter confirmed the new driver works; a compiled-model cache made with the old driver still failed after the upgrade, so clear the model cache (CACHE_DIR) after updating the NPU driver',
  source: 'https://github.com/openvinotoolkit/openvino.genai/issues/2082',
};
