// Compile properties that make the NPU plugin run an LLM through NPUW's LLM pipeline, which gives the model the
// static shapes the NPU needs: a prefill graph of MAX_PROMPT_LEN tokens and a KV cache of MAX_PROMPT_LEN +
// MIN_RESPONSE_LEN positions (NPUW rounds both up to a multiple of 64).
//
// Source: OpenVINO's guide "OpenVINO GenAI on NPU", section "Prompt and response length options"
// (https://docs.openvino.ai/2025/openvino-workflow-generative/inference-with-genai/inference-with-genai-on-npu.html):
// MAX_PROMPT_LEN defaults to 1024 and MIN_RESPONSE_LEN to 128. OpenVINO GenAI's LLM pipeline turns them into
// these plugin properties (update_npu_config in openvino.genai's src/cpp/src/utils.cpp), together with
// NPU_USE_NPUW=YES and NPUW_LLM=YES; we compile with openvino-node directly, so we pass the plugin's names.
// NPUW_LLM_BATCH_DIM / NPUW_LLM_SEQ_LEN_DIM locate batch and sequence in the KV cache tensors; GenAI reads
// them from the model, and 0 / 2 (also the plugin's defaults) fit optimum-intel exports whose cache is
// [batch, kv_heads, seq, head_dim] (Llama, Qwen2, Mistral, Phi-3).

// The guide's default maximum prompt length, in tokens.
export const NPU_LLM_DEFAULT_MAX_PROMPT_LEN = 1024;
// The guide's default minimum response length, in tokens.
export const NPU_LLM_DEFAULT_MIN_RESPONSE_LEN = 128;

// The default NPU compile properties for an LLM (what GenAI's LLMPipeline(model, "NPU") sets).
export const NPU_LLM_PROPERTIES: Readonly<Record<string, string>> = Object.freeze({
  NPU_USE_NPUW: 'YES',
  NPUW_LLM: 'YES',
  NPUW_LLM_BATCH_DIM: '0',
  NPUW_LLM_SEQ_LEN_DIM: '2',
  NPUW_LLM_MAX_PROMPT_LEN: String(NPU_LLM_DEFAULT_MAX_PROMPT_LEN),
  NPUW_LLM_MIN_RESPONSE_LEN: String(NPU_LLM_DEFAULT_MIN_RESPONSE_LEN),
});

// NPU_LLM_PROPERTIES with the prompt and response lengths replaced where given (positive integers).
export function npuLlmProperties(overrides: { max_prompt_len?: number; min_response_len?: number } = {}): Record<string, string> {
  const properties = { ...NPU_LLM_PROPERTIES };
  if (overrides.max_prompt_len !== undefined) {
    properties['NPUW_LLM_MAX_PROMPT_LEN'] = String(positiveInteger('max_prompt_len', overrides.max_prompt_len));
  }
  if (overrides.min_response_len !== undefined) {
    properties['NPUW_LLM_MIN_RESPONSE_LEN'] = String(positiveInteger('min_response_len', overrides.min_response_len));
  }
  return properties;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}
