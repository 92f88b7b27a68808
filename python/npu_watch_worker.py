"""npu-watch's Python canary worker: the Node worker's twin (src/canary/worker.ts) for a Python runtime.

Run by a runtime's interpreter in a child process only (native code never runs in the daemon). Reads one WorkerJob as
JSON on stdin (src/canary/types.ts), writes JSON lines on file descriptor 3 (npu_watch_py/protocol.py), and leaves
stdout and stderr to the runtime: native log lines and a crash's last words reach the launcher as text. Uses only
the `openvino` Python package and numpy (which openvino itself requires).
"""
from __future__ import annotations

import json
import os
import sys

# The worker's own package beside this file, found even where the script's directory is not put on sys.path
# (python -P, PYTHONSAFEPATH). Nothing else is added: not the current directory (a script run puts its own
# directory first, never the cwd), so a module planted where the daemon was started is never imported.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from npu_watch_py.protocol import emit, stage  # noqa: E402
from npu_watch_py.parent_watch import end_when_parent_goes  # noqa: E402
from npu_watch_py.runtime import discover, is_listed, load_runtime  # noqa: E402
from npu_watch_py.canary import run_canary_stages  # noqa: E402
from npu_watch_py.benchmark import run_benchmark_stages  # noqa: E402


def verdict(result, stage_name, message, runtime):
    emit({'type': 'verdict', 'verdict': {'runtime': runtime, 'result': result, 'stage': stage_name, 'message': message,
                                          'max_abs_error': None, 'tolerance': None}})


def main() -> None:
    # A worker whose daemon was killed (kill -9, OOM) ends itself instead of hanging on under PID 1.
    end_when_parent_goes()
    job = json.loads(sys.stdin.read())
    if not isinstance(job.get('canary'), dict):
        raise SystemExit('npu-watch python worker: the job names no canary model (job.canary); the launcher writes it')

    loaded = stage('load_runtime', load_runtime)
    if not loaded['ok']:
        return verdict('runtime_missing', 'load_runtime', loaded['message'], None)
    ov = loaded['openvino']

    try:
        core, runtime = stage('discover', lambda: discover(ov, job['device'], loaded['module'], loaded['fake']))
    except Exception as error:  # noqa: BLE001 - anything the runtime raises is the device's answer
        return verdict('device_missing', 'discover', f'OpenVINO could not list its devices: {error}', None)
    emit({'type': 'runtime', 'runtime': runtime})
    if not is_listed(runtime['available_devices'], job['device']):
        listed = ', '.join(runtime['available_devices']) or 'none'
        return verdict('device_missing', 'discover', f"OpenVINO does not list {job['device']} (it lists: {listed})", runtime)

    result = run_canary_stages(ov, core, job['device'], job.get('compiler_type'), runtime, job['canary'])
    emit({'type': 'verdict', 'verdict': result})
    if result['result'] == 'ok' and job.get('benchmark'):
        run_benchmark_stages(ov, core, job['device'], job['benchmark'])


def _flush_c_stdio() -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        import ctypes  # noqa: PLC0415

        ctypes.CDLL(None).fflush(None)
    except Exception:  # noqa: BLE001 - no libc to ask: nothing buffered there either
        pass


if __name__ == '__main__':
    try:
        main()
    except SystemExit as stop:
        if isinstance(stop.code, str):
            sys.stderr.write(f'{stop.code}\n')
            _flush_c_stdio()
            os._exit(70)
        raise
    except BaseException as error:  # noqa: BLE001 - the worker's own bug: say it on stderr, exit 70 like the Node worker
        import traceback
        traceback.print_exc()
        _flush_c_stdio()
        os._exit(70)
    # Native runtimes may leave threads behind that keep the process alive, and their objects' destructors run at
    # interpreter shutdown: leave once the work is done, with _exit(2). Its C stdio buffers are flushed first (the
    # NPU plugin's logger writes to std::cout, which goes through C stdio and is fully buffered on a pipe; exit(3)
    # would flush it, _exit(2) does not).
    _flush_c_stdio()
    os._exit(0)
