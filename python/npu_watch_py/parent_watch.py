"""Ends the worker's process group when its parent goes (src/canary/worker/parent-watch.ts)."""
from __future__ import annotations

import os
import signal
import threading
import time

# How often the watch looks at the parent pid (parent-watch.ts PARENT_POLL_MS).
PARENT_POLL_SECONDS = 0.5


def _watch(parent: int, group: int) -> None:
    while True:
        time.sleep(PARENT_POLL_SECONDS)
        # getppid(2) changes when the kernel reparents this process to init or a subreaper.
        if os.getppid() == parent:
            continue
        try:
            os.killpg(group, signal.SIGKILL)
        except OSError:
            os.kill(group, signal.SIGKILL)


def end_when_parent_goes() -> None:
    """A daemon thread: it does not keep the process alive. The worker is its process group's leader (the launcher
    starts it detached), so SIGKILL to the group ends it and everything the runtime started. The thread keeps
    running while the main thread is inside the runtime: the binding releases the GIL during compile_model and
    infer (openvinotoolkit/openvino src/bindings/python/src/pyopenvino/core/core.cpp, py::gil_scoped_release)."""
    threading.Thread(target=_watch, args=(os.getppid(), os.getpid()), name='npu-watch-parent-watch', daemon=True).start()
