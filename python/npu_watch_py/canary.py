"""compile → infer → verify the canary the launcher wrote (src/canary/worker/canary-stages.ts)."""
from __future__ import annotations

import math
import re

from .protocol import stage
from .runtime import is_npu

COMPILER_VALUE_REFUSED = re.compile(r'is not a valid COMPILER_TYPE option')


def compiler_names(compiler, openvino_version):
    """canary-stages.ts compilerNames: the plugin's own compiler was MLIR before OpenVINO 2026.0 and PLUGIN since
    (openvinotoolkit/openvino PR #32846); a release we cannot read tries both names, PLUGIN first."""
    if compiler != 'PLUGIN':
        return [compiler]
    match = re.match(r'^(\d{4})\.', openvino_version or '')
    if not match:
        return ['PLUGIN', 'MLIR']
    return ['PLUGIN' if int(match.group(1)) >= 2026 else 'MLIR']


def canary_compile_properties(device, compiler_name):
    """canary-stages.ts canaryCompileProperties: every compile cache bypassed (no CACHE_DIR; the NPU driver's own
    blob cache off), the NPU compiler forced when asked."""
    if not is_npu(device):
        return {}
    properties = {'NPU_BYPASS_UMD_CACHING': 'YES'}
    if compiler_name:
        properties['NPU_COMPILER_TYPE'] = compiler_name
    return properties


def compile_forcing(core, model, device, compiler, openvino_version):
    names = compiler_names(compiler, openvino_version)
    for index, name in enumerate(names):
        try:
            # Core.compile_model(model, device_name, config) → CompiledModel (src/bindings/python/src/openvino/
            # _ov_api.py Core.compile_model → core.cpp "compile_model"(model, device_name, properties), GIL released).
            # A C++ exception reaches Python as an exception whose str() is its what() (pybind11's translation).
            return core.compile_model(model, device, canary_compile_properties(device, name))
        except Exception as error:  # noqa: BLE001
            if index == len(names) - 1 or not COMPILER_VALUE_REFUSED.search(str(error)):
                raise
    raise AssertionError('unreachable: compiler_names is never empty')


def compiler_used(compiled, device):
    """canary-stages.ts compilerUsed: the compiled model's NPU_COMPILER_TYPE, the compiler the compile really used
    (CompiledModel.get_property(name), src/pyopenvino/core/compiled_model.cpp "get_property"); None otherwise."""
    if not is_npu(device):
        return None
    try:
        value = compiled.get_property('NPU_COMPILER_TYPE')
    except Exception:  # noqa: BLE001
        return None
    value = str(value) if value is not None else ''
    return value or None


def compare(actual, reference, tolerance):
    """src/canary/model/compare-output.ts compareWithReference, with the tolerance the launcher computed there
    (toleranceFor) passed in the job: (ok, max_abs_error, reason)."""
    def not_comparable(reason):
        return False, math.inf, reason
    if len(reference) == 0:
        return not_comparable('the reference output is empty')
    if len(actual) != len(reference):
        return not_comparable(f'output has {len(actual)} values, expected {len(reference)}')
    max_error, worst = 0.0, 0
    for i, expected in enumerate(reference):
        value = float(actual[i])
        if not math.isfinite(value):
            return not_comparable(f'output[{i}] is {_js_number(value)}, expected {_js_number(expected)}')
        error = abs(value - expected)
        if error > max_error:
            max_error, worst = error, i
    if max_error <= tolerance:
        return True, max_error, None
    return False, max_error, (f'output[{worst}] is {_js_number(float(actual[worst]))}, expected {_js_number(reference[worst])}: '
                              f'|error| {_js_number(float(f"{max_error:.4g}"))} exceeds the tolerance {_js_number(float(f"{tolerance:.4g}"))}')


def _js_number(value: float) -> str:
    """A number as JavaScript prints it (1 not 1.0, Infinity, NaN)."""
    if math.isnan(value):
        return 'NaN'
    if math.isinf(value):
        return 'Infinity' if value > 0 else '-Infinity'
    return str(int(value)) if value == int(value) and abs(value) < 1e21 else repr(value)


def run_canary_stages(ov, core, device, compiler, runtime_info, canary):
    import numpy as np  # noqa: PLC0415 - openvino requires numpy; imported once openvino loaded

    runtime = dict(runtime_info)

    def verdict(result, stage_name, message, max_abs_error=None, tolerance=None):
        return {'runtime': runtime, 'result': result, 'stage': stage_name, 'message': message,
                'max_abs_error': max_abs_error, 'tolerance': tolerance}

    def compile_stage():
        # Core.read_model(model) with a path (_ov_api.py Core.read_model → core.cpp "read_model"(model, weights="")).
        model = core.read_model(canary['model_path'])
        return compile_forcing(core, model, device, compiler, runtime_info.get('openvino_version'))

    try:
        compiled = stage('compile', compile_stage)
    except Exception as error:  # noqa: BLE001
        return verdict('compile_error', 'compile', str(error))
    if is_npu(device):
        runtime['npu_compiler_used'] = compiler_used(compiled, device)

    data = np.array(canary['input'], dtype=np.float32).reshape(canary['input_shape'])

    def infer_stage():
        # CompiledModel.create_infer_request() → InferRequest (_ov_api.py CompiledModel.create_infer_request).
        request = compiled.create_infer_request()
        # InferRequest.infer({name: ndarray}) binds the input by its tensor name and returns an OVDict
        # (_ov_api.py InferRequest.infer, utils/data_helpers _data_dispatch); the output is read by name with
        # InferRequest.get_tensor(name) (src/pyopenvino/core/infer_request.cpp "get_tensor"(name: str)) and
        # Tensor.data, a numpy view of its memory (src/pyopenvino/core/tensor.cpp "data"), copied here.
        request.infer({canary['input_name']: data})
        return np.array(request.get_tensor(canary['output_name']).data, dtype=np.float64).reshape(-1)

    try:
        output = stage('infer', infer_stage)
    except Exception as error:  # noqa: BLE001
        return verdict('infer_error', 'infer', str(error))
    ok, max_abs_error, reason = stage('verify', lambda: compare(output, canary['reference'], canary['tolerance']))
    return verdict('ok' if ok else 'wrong_output', None if ok else 'verify', reason, max_abs_error, canary['tolerance'])
