// The NPU LLM compile properties: the guide's defaults, and overrides of the prompt and response lengths.
import { describe, expect, it } from 'vitest';
import { NPU_LLM_PROPERTIES, npuLlmProperties } from '../../../src/canary/llm/npu-llm-properties.js';

describe('NPU LLM properties', () => {
  it("default to NPUW's LLM pipeline with a 1024-token prompt and a 128-token response", () => {
    expect(NPU_LLM_PROPERTIES).toEqual({
      NPU_USE_NPUW: 'YES',
      NPUW_LLM: 'YES',
      NPUW_LLM_BATCH_DIM: '0',
      NPUW_LLM_SEQ_LEN_DIM: '2',
      NPUW_LLM_MAX_PROMPT_LEN: '1024',
      NPUW_LLM_MIN_RESPONSE_LEN: '128',
    });
    expect(npuLlmProperties({})).toEqual(NPU_LLM_PROPERTIES);
    expect(npuLlmProperties()).toEqual(NPU_LLM_PROPERTIES);
  });

  it('replaces only the lengths that are given', () => {
    expect(npuLlmProperties({ max_prompt_len: 256 })).toEqual({ ...NPU_LLM_PROPERTIES, NPUW_LLM_MAX_PROMPT_LEN: '256' });
    expect(npuLlmProperties({ min_response_len: 512 })).toEqual({ ...NPU_LLM_PROPERTIES, NPUW_LLM_MIN_RESPONSE_LEN: '512' });
    expect(npuLlmProperties({ max_prompt_len: 2048, min_response_len: 256 })).toMatchObject({
      NPUW_LLM_MAX_PROMPT_LEN: '2048',
      NPUW_LLM_MIN_RESPONSE_LEN: '256',
    });
  });

  it('returns a fresh object and leaves the defaults frozen', () => {
    const properties = npuLlmProperties({ max_prompt_len: 64 });
    properties['NPUW_LLM'] = 'NO';
    expect(NPU_LLM_PROPERTIES['NPUW_LLM']).toBe('YES');
    expect(Object.isFrozen(NPU_LLM_PROPERTIES)).toBe(true);
  });

  it('refuses lengths that are not positive integers', () => {
    expect(() => npuLlmProperties({ max_prompt_len: 0 })).toThrow(RangeError);
    expect(() => npuLlmProperties({ min_response_len: -128 })).toThrow(RangeError);
    expect(() => npuLlmProperties({ max_prompt_len: 100.5 })).toThrow(RangeError);
    expect(() => npuLlmProperties({ min_response_len: NaN })).toThrow(RangeError);
  });
});
