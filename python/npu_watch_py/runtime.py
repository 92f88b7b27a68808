"""Loading the `openvino` package and what it says about itself and the device (src/canary/worker/load-runtime.ts,
discover.ts). Every call is openvino's Python API; the source of each is named beside it
(openvinotoolkit/openvino, src/bindings/python/src/...)."""
from __future__ import annotations

import os
import sys

PROPERTIES = ['FULL_DEVICE_NAME', 'DEVICE_ARCHITECTURE', 'NPU_DRIVER_VERSION', 'NPU_COMPILER_VERSION', 'NPU_COMPILER_TYPE']


def load_runtime() -> dict:
    """Imports `openvino`; any failure is "runtime missing", with the import's own reason: ModuleNotFoundError when
    the interpreter has no openvino, ImportError (or an OSError from a shared library) when the install is broken,
    e.g. _pyopenvino's "OpenVINO Python version (…) mismatches with OpenVINO Runtime library version (…)"
    (src/pyopenvino/pyopenvino.cpp, PYBIND11_MODULE)."""
    try:
        import openvino  # noqa: PLC0415
    except BaseException as error:  # noqa: BLE001 - whatever the package raises while loading is its reason
        reason = str(error).strip().split('\n')[0] or type(error).__name__
        return {'ok': False, 'message': f'cannot load the OpenVINO runtime: {type(error).__name__}: {reason} (Python {sys.executable})'}
    # The package's directory: which of several installs this interpreter imported.
    module = os.path.dirname(os.path.abspath(openvino.__file__)) if getattr(openvino, '__file__', None) else repr(openvino)
    return {'ok': True, 'openvino': openvino, 'module': module, 'fake': getattr(openvino, 'NPU_WATCH_FAKE_RUNTIME', False) is True}


def is_listed(available: list, device: str) -> bool:
    """src/canary/device-names.ts isListed: "GPU" is listed as "GPU" or as "GPU.0", "GPU.1", ..."""
    return device in available or ('.' not in device and any(name.startswith(f'{device}.') for name in available))


def is_npu(device: str) -> bool:
    return device == 'NPU' or device.startswith('NPU.')


def _attempt(read):
    try:
        return read()
    except Exception:  # noqa: BLE001 - a property the runtime cannot read is left out
        return None


def discover(ov, device: str, module: str, fake: bool):
    """The Core and the RuntimeInfo (src/canary/types.ts) for device."""
    core = ov.Core()  # src/pyopenvino/core/core.cpp regclass_Core: py::init<const std::string&>(xml_config_file = "")
    info = {
        'module': module,
        'fake': fake,
        # openvino.get_version(): ov::get_openvino_version().buildNumber (src/pyopenvino/pyopenvino.cpp, get_version),
        # e.g. "2025.1.0-18503-6fec06580ab-releases/2025/1": the same string openvino-node's
        # getOpenvinoVersion().buildNumber gives the Node worker, kept as it is.
        'openvino_version': _attempt(lambda: str(ov.get_version())),
        # Core.available_devices: a read-only property (core.cpp, def_property_readonly "available_devices").
        'available_devices': list(core.available_devices),
        'device_versions': {},
        'properties': {},
    }
    if not is_listed(info['available_devices'], device):
        return core, info
    # Core.get_versions(device_name) → dict[str, Version]; Version.build_number (core.cpp "get_versions";
    # src/pyopenvino/core/version.cpp regclass_Version, def_readonly "build_number").
    versions = _attempt(lambda: core.get_versions(device)) or {}
    for plugin, version in versions.items():
        info['device_versions'][str(plugin)] = str(version.build_number)
    for name in PROPERTIES:
        if name.startswith('NPU_') and not is_npu(device):
            continue
        # Core.get_property(device_name, property) → the value converted by Common::utils::from_ov_any (core.cpp).
        value = _attempt(lambda: core.get_property(device, name))
        if value is None or value == '':
            continue
        if name == 'NPU_COMPILER_VERSION' and isinstance(value, int) and not isinstance(value, bool):
            info['properties'][name] = decode_compiler_version(value)
        else:
            info['properties'][name] = _js_string(value)
    if 'NPU_COMPILER_VERSION' in info['properties']:
        info['npu_compiler_version_of'] = compiler_version_label(info['properties'].get('NPU_COMPILER_TYPE'))
    return core, info


def _js_string(value) -> str:
    """What JavaScript's String(value) gives (discover.ts stores String(value)): true/false, not True/False."""
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return str(value)


def decode_compiler_version(value: int) -> str:
    """NPU_COMPILER_VERSION packs major.minor into one integer: major << 16 | minor (discover.ts)."""
    return f'{value // 65536}.{value % 65536}'


def compiler_version_label(compiler_type) -> str:
    """src/canary/worker/discover.ts compilerVersionLabel, word for word."""
    if compiler_type is None:
        return 'the default compiler (NPU_COMPILER_TYPE not readable)'
    if compiler_type == 'PREFER_PLUGIN':
        return "the default compiler (NPU_COMPILER_TYPE=PREFER_PLUGIN: the plugin's own when it loads, else the driver's)"
    return f'the default compiler (NPU_COMPILER_TYPE={compiler_type})'
