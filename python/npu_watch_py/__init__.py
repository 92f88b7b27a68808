"""The parts of npu-watch's Python canary worker (npu_watch_worker.py)."""
