import { VERSION } from '../version.js';

// The small page at /, linking what the daemon serves.
export function landingPage(): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>npu-watch</title></head>
<body>
<h1>npu-watch ${VERSION}</h1>
<p>Watches whether this machine's Intel NPU works, how fast, at what power, and what changed.</p>
<ul>
<li><a href="/metrics">/metrics</a>: Prometheus exposition</li>
<li><a href="/status">/status</a>: last results as JSON</li>
<li><a href="/events">/events</a>: status changes as Server-Sent Events</li>
<li><a href="/healthz">/healthz</a>: liveness</li>
</ul>
</body>
</html>
`;
}
