"""The LLM benchmark's stages (src/canary/worker/benchmark-stages.ts): load → compile → warm-up → N measured greedy
decodes, each on a fresh infer request (a fresh KV cache)."""
from __future__ import annotations

import os
import time

from .canary import compiler_used
from .decode import greedy_decode, require_llm_inputs
from .protocol import emit, stage


def _input_names(model):
    # Model.inputs → list of Output; Output.get_any_name() (src/pyopenvino/graph/node_output.hpp "get_any_name").
    names = []
    for port in model.inputs:
        try:
            names.append(port.get_any_name())
        except Exception:  # noqa: BLE001 - a port without names
            pass
    return names


def _loaded_from_cache(compiled):
    """The compiled model's LOADED_FROM_CACHE (ov::loaded_from_cache, a bool; benchmark-stages.ts loadedFromCache)."""
    try:
        value = compiled.get_property('LOADED_FROM_CACHE')
    except Exception:  # noqa: BLE001
        return None
    return value if isinstance(value, bool) else None


def _non_empty_dir(path):
    try:
        return len(os.listdir(path)) > 0
    except OSError:
        return False


def run_benchmark_stages(ov, core, device, job):
    import numpy as np  # noqa: PLC0415

    current = 'benchmark_load'
    try:
        load_started = time.perf_counter()

        def load():
            model = core.read_model(job['model_path'])
            require_llm_inputs(_input_names(model))
            return model

        model = stage('benchmark_load', load)
        load_seconds = time.perf_counter() - load_started
        cache_dir = job.get('cache_dir')
        cache_held_blobs = cache_dir is not None and _non_empty_dir(cache_dir)
        properties = dict(job.get('compile_properties') or {})
        if cache_dir:
            properties['CACHE_DIR'] = cache_dir
        current = 'benchmark_compile'
        compile_started = time.perf_counter()
        compiled = stage('benchmark_compile', lambda: core.compile_model(model, device, properties))
        compile_seconds = time.perf_counter() - compile_started
        from_cache = _loaded_from_cache(compiled)
        cached = cache_dir is not None and (cache_held_blobs if from_cache is None else from_cache)

        def decode():
            return greedy_decode(np, ov.Tensor, compiled.create_infer_request(), job['prompt_token_ids'],
                                 job['max_new_tokens'], time.perf_counter)

        current = 'benchmark_warmup'
        stage('benchmark_warmup', decode)
        current = 'benchmark_decode'
        runs = stage('benchmark_decode', lambda: [decode() for _ in range(job['repetitions'])])
        # What was measured, each repetition's run among it: the daemon computes the figures (medians, TPOT,
        # spread) from the runs (src/canary/llm/benchmark-stats.ts benchmarkReport), for both workers alike.
        emit({'type': 'benchmark', 'benchmark': {
            'model': os.path.basename(os.path.dirname(os.path.abspath(job['model_path']))),
            'prompt_tokens': len(job['prompt_token_ids']),
            'load_seconds': load_seconds,
            'compile_seconds': compile_seconds,
            'compile_cache': 'cached' if cached else 'cold',
            'npu_compiler_used': compiler_used(compiled, device),
            'runs': runs,
        }})
    except Exception as error:  # noqa: BLE001
        emit({'type': 'benchmark_error', 'stage': current, 'message': str(error)})
