"""The worker's JSON lines on the protocol channel (src/canary/protocol-channel.ts, types.ts WorkerMessage)."""
from __future__ import annotations

import errno
import json
import math
import os
import time

# The launcher's fourth stdio entry (src/canary/protocol-channel.ts PROTOCOL_FD): never stdout, where native
# libraries print.
PROTOCOL_FD = 3


def _finite(value):
    """JSON.stringify writes Infinity and NaN as null; so does this worker (Python's json would write Infinity)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value


def emit(message: dict) -> None:
    """Writes one JSON line with write(2) itself (os.write), not a buffered file: the native call that runs next
    (a compile) can abort the process, and a line still in a buffer would be lost with the stage it names. A partial
    write or EAGAIN is retried until the whole line is out (src/canary/worker/emit.ts does the same)."""
    line = (json.dumps(_finite(message), separators=(',', ':'), allow_nan=False) + '\n').encode('utf-8')
    written = 0
    while written < len(line):
        try:
            written += os.write(PROTOCOL_FD, line[written:])
        except BlockingIOError:
            continue
        except OSError as error:
            if error.errno == errno.EBADF:
                raise SystemExit(f'npu-watch worker: file descriptor {PROTOCOL_FD} (the protocol channel) is not open; '
                                 'the worker is started by npu-watch, not by hand') from error
            raise


def stage(name: str, work):
    """Runs one stage between its start and end lines; a stage that raises leaves only its start line."""
    emit({'type': 'stage_start', 'stage': name})
    started = time.perf_counter()
    result = work()
    emit({'type': 'stage_end', 'stage': name, 'seconds': time.perf_counter() - started})
    return result
