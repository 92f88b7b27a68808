"""Greedy decoding of a stateful OpenVINO IR LLM (optimum-intel's export), as src/canary/llm/greedy-decode.ts does it:
inputs input_ids, attention_mask, position_ids (i64) and beam_idx (i32), output logits (f32 [1, seq, vocab]); the KV
cache lives in the infer request's state, so one fresh infer request is one fresh conversation."""
from __future__ import annotations

LLM_INPUT_NAMES = ('input_ids', 'attention_mask', 'position_ids', 'beam_idx')


def require_llm_inputs(names) -> None:
    missing = [name for name in LLM_INPUT_NAMES if name not in names]
    if missing:
        raise RuntimeError(f"the model lacks the input(s) {', '.join(missing)} that greedy decoding of a stateful LLM "
                           f"(optimum-intel export) needs; it has: {', '.join(names) or 'none'}")


def argmax_last_row(np, logits, vocab: int, step: int) -> int:
    """argmax.ts argmaxLastRow: the lowest index of the largest value; NaN never wins; an all-NaN row is an error.
    numpy's argmax returns the first NaN when there is one, so only then the slower nanargmax decides."""
    row = logits.reshape(-1)[-vocab:]
    token = int(np.argmax(row))
    if row[token] != row[token]:  # NaN
        if bool(np.isnan(row).all()):
            raise RuntimeError(f'the logits of generated token {step + 1} are all NaN')
        token = int(np.nanargmax(row))
    return token


def greedy_decode(np, Tensor, request, prompt_ids, max_new_tokens: int, now) -> dict:
    """One greedy generation of exactly max_new_tokens tokens (EOS does not stop it): the prompt is prefilled in one
    call, then one token per call. ttft_seconds covers the prefill and the first argmax; decode_seconds tokens 2..N.

    Inputs are bound by name with InferRequest.set_tensor(name, Tensor) (src/bindings/python/src/pyopenvino/core/
    infer_request.cpp "set_tensor"(name: str, tensor)) and InferRequest.infer() runs on them (_ov_api.py
    InferRequest.infer with inputs=None); Tensor(ndarray) copies the array in (src/pyopenvino/core/tensor.cpp,
    shared_memory=False). The logits are read in place: InferRequest.get_tensor("logits").data is a numpy view of
    the output tensor (tensor.cpp "data")."""
    if not prompt_ids:
        raise ValueError('the prompt must hold at least one token')
    if max_new_tokens < 1:
        raise ValueError(f'max_new_tokens must be a positive integer, got {max_new_tokens}')
    prompt_length = len(prompt_ids)
    mask = np.ones((1, prompt_length + max_new_tokens - 1), dtype=np.int64)
    beam = Tensor(np.zeros((1,), dtype=np.int32))
    step_id = np.zeros((1, 1), dtype=np.int64)
    step_position = np.zeros((1, 1), dtype=np.int64)
    tokens = [0] * max_new_tokens

    def infer(input_ids, attention_mask, position_ids):
        request.set_tensor('input_ids', Tensor(input_ids))
        request.set_tensor('attention_mask', Tensor(attention_mask))
        request.set_tensor('position_ids', Tensor(position_ids))
        request.set_tensor('beam_idx', beam)
        request.infer()
        return request.get_tensor('logits').data

    start = now()
    logits = infer(np.array([prompt_ids], dtype=np.int64), mask[:, :prompt_length],
                   np.arange(prompt_length, dtype=np.int64).reshape(1, -1))
    vocab = int(logits.shape[-1])
    token = argmax_last_row(np, logits, vocab, 0)
    tokens[0] = token
    first_token_at = now()
    for i in range(max_new_tokens - 1):
        step_id[0, 0] = token
        step_position[0, 0] = prompt_length + i
        token = argmax_last_row(np, infer(step_id, mask[:, :prompt_length + i + 1], step_position), vocab, i + 1)
        tokens[i + 1] = token
    end = now()
    return {'tokens': tokens, 'ttft_seconds': first_token_at - start, 'decode_seconds': end - first_token_at}
