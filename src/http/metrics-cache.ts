import type { Registry } from 'prom-client';

// Renders the registry at most once per `ttlMs`, and lets concurrent scrapes share one render. The values
// come from cached probe results anyway; what this saves is prom-client running every collector (its
// event-loop-lag collector alone walks a whole histogram) for each of many scrapes in the same second.
export function cachedMetrics(registry: Registry, ttlMs: number, now: () => number = () => performance.now()): () => Promise<string> {
  let rendered: { text: Promise<string>; at: number } | null = null;
  return () => {
    const at = now();
    if (rendered === null || at - rendered.at >= ttlMs) {
      const text = registry.metrics();
      rendered = { text, at };
      // A failed render is not kept: the next scrape tries again.
      text.catch(() => {
        if (rendered?.text === text) rendered = null;
      });
    }
    return rendered.text;
  };
}
