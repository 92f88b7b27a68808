"""The Python worker's greedy decode loop's own cost per token at Qwen2.5's vocabulary (151,936), the twin of
bench/decode-overhead.mjs. Runs the shipped loop (python/npu_watch_py/decode.py) against an in-process stand-in infer
request that returns preallocated logits at once ([1, P, vocab] for the prefill, [1, 1, vocab] per step), so only the
loop is timed: four Tensor wraps and set_tensor calls, infer(), get_tensor().data, the argmax. The stand-in Tensor
copies its array in, as openvino's Tensor(ndarray) does by default (shared_memory=False). Prints one JSON object; the known-rate
runs are summarised by bench/decode-overhead-python.mjs with the daemon's own statistics (benchmark-stats.ts).

Run with an interpreter that has numpy: /usr/bin/python3 bench/python/decode_overhead.py"""
from __future__ import annotations

import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../python'))

import numpy as np  # noqa: E402

from npu_watch_py.decode import argmax_last_row, greedy_decode  # noqa: E402

VOCAB = 151_936


class Tensor:
    def __init__(self, array, shared_memory=False):
        array = np.asarray(array)
        self.data = array if shared_memory else array.copy()


class Request:
    """A fresh stateful request: the first infer() is the prefill, every later one a decode step."""

    def __init__(self, logits, prefill_seconds=0.0, step_seconds=0.0):
        self.logits = logits
        self.prefill_seconds = prefill_seconds
        self.step_seconds = step_seconds
        self.calls = 0
        self.inputs = {}
        self.output = None

    def set_tensor(self, name, tensor):
        self.inputs[name] = tensor

    def infer(self):
        prefill = self.calls == 0
        self.calls += 1
        sleep_precisely(self.prefill_seconds if prefill else self.step_seconds)
        self.output = self.logits['prefill' if prefill else 'step']

    def get_tensor(self, name):
        return self.output


def sleep_precisely(seconds):
    """Sleeps all but the last millisecond, then spins on the monotonic clock."""
    if seconds <= 0:
        return
    deadline = time.perf_counter() + seconds
    coarse = deadline - time.perf_counter() - 0.001
    if coarse > 0:
        time.sleep(coarse)
    while time.perf_counter() < deadline:
        pass


def decode_runs(logits, prompt, tokens, runs, prefill_seconds=0.0, step_seconds=0.0):
    return [greedy_decode(np, Tensor, Request(logits, prefill_seconds, step_seconds), prompt, tokens, time.perf_counter)
            for _ in range(runs)]


def main(prompt_length=32, tokens=256, runs=5, rate=25, rate_tokens=64, rate_runs=3, ttft_seconds=0.2):
    generator = np.random.default_rng(1)
    logits = {
        'prefill': Tensor(generator.uniform(-8, 8, (1, prompt_length, VOCAB)).astype(np.float32)),
        'step': Tensor(generator.uniform(-8, 8, (1, 1, VOCAB)).astype(np.float32)),
    }
    prompt = [(i * 7919) % VOCAB for i in range(prompt_length)]
    decode_runs(logits, prompt, tokens, 2)  # warm-up
    per_token_ms = [run['decode_seconds'] / (len(run['tokens']) - 1) * 1000 for run in decode_runs(logits, prompt, tokens, runs)]
    row = logits['step'].data
    argmax = []
    for _ in range(200):
        start = time.perf_counter()
        argmax_last_row(np, row, VOCAB, 0)
        argmax.append((time.perf_counter() - start) * 1000)
    # The known-rate runs themselves: the daemon's summary (benchmark-stats.ts) is applied by decode-overhead-python.mjs.
    rate_runs_measured = decode_runs(logits, prompt, rate_tokens, rate_runs, ttft_seconds, 1 / rate)
    print(json.dumps({
        'python': sys.version.split()[0],
        'numpy': np.__version__,
        'vocab': VOCAB,
        'overhead_ms_per_token': statistics.median(per_token_ms),
        'argmax_ms': statistics.median(argmax),
        'known_rate': rate,
        'known_ttft_seconds': ttft_seconds,
        'rate_runs': rate_runs_measured,
    }))


if __name__ == '__main__':
    main()
