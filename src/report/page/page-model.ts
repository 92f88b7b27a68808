import { z } from 'zod';

// The status page as data: what `npu-watch report` renders as Markdown or HTML and `report --bug` turns into an
// upstream bug report. The daemon serves it at /page.json, so it is one schema both sides check.

const isoDate = z.string();

// The OpenVINO a result was produced with (page-runtime.ts builds it; one place to follow the runtimes' shape).
export const pageRuntimeSchema = z.object({
  // "openvino-node", or the configured module's file name; "fake runtime" for npu-watch's test double.
  name: z.string(),
  openvino_version: z.string().nullable(),
  // The fake runtime's figures are test results, never measurements.
  fake: z.boolean(),
});
export type PageRuntime = z.infer<typeof pageRuntimeSchema>;

export const pageSystemSchema = z.object({
  distribution: z.string().nullable(),
  kernel: z.string().nullable(),
  cpu: z.string().nullable(),
  machine: z.string().nullable(),
  // "Lunar Lake NPU (8086:643e rev 04) at 0000:00:0b.0", null when no NPU was found.
  npu: z.string().nullable(),
  npu_generation: z.string().nullable(),
});

// One line of "what works ✓ / what doesn't ✗": ok null is "not known".
const checkLineSchema = z.object({ ok: z.boolean().nullable(), text: z.string() });

export const pageDeviceSchema = z.object({
  device: z.string(),
  runtime: pageRuntimeSchema.nullable(),
  // The verdict of the last canary (null: none ran), and the daemon's debounced state.
  working: z.boolean().nullable(),
  state: z.enum(['working', 'broken', 'unknown']).nullable(),
  since: isoDate.nullable(),
  lines: z.array(checkLineSchema),
});

export const pageErrorSchema = z.object({
  device: z.string(),
  runtime: pageRuntimeSchema.nullable(),
  result: z.string(),
  stage: z.string().nullable(),
  // SIGABRT, or "exit 3".
  ended_by: z.string().nullable(),
  signature: z.string().nullable(),
  message: z.string().nullable(),
  // The end of the worker's stderr (and stdout, where the NPU plugin logs), as it printed them.
  stderr_excerpt: z.string(),
  compiler_warnings: z.number(),
});
export type PageError = z.infer<typeof pageErrorSchema>;

export const pageComponentSchema = z.object({
  component: z.string(),
  version: z.string(),
  source: z.string(),
  update: z.string().nullable(),
});

export const pageDiagnosisSchema = z.object({
  id: z.string(),
  summary: z.string(),
  evidence: z.array(z.string()),
  next_step: z.string(),
  see: z.array(z.string()),
});

// One benchmark as measured (or, from the fake runtime, as a test produced it).
export const performancePointSchema = z.object({
  at: isoDate,
  device: z.string(),
  runtime: pageRuntimeSchema,
  model: z.string(),
  tokens_per_second: z.number(),
  ttft_seconds: z.number(),
  // Package power during the decode and energy per token; null when no power source was readable.
  watts: z.number().nullable(),
  joules_per_token: z.number().nullable(),
});
export type PerformancePoint = z.infer<typeof performancePointSchema>;

export const historyEntrySchema = z.object({
  at: isoDate,
  device: z.string().nullable(),
  // "broken since 2025-11-23 08:00 UTC with intel-npu-driver 1.16.0-1.fc44 (compile_crash: …)".
  text: z.string(),
});

export const pageModelSchema = z.object({
  npu_watch_version: z.string(),
  generated_at: isoDate,
  system: pageSystemSchema,
  devices: z.array(pageDeviceSchema),
  errors: z.array(pageErrorSchema),
  // This boot's NPU kernel lines (the latest ones), null when the kernel log could not be read.
  kernel_lines: z.array(z.string()).nullable(),
  components: z.array(pageComponentSchema),
  diagnosis: z.array(pageDiagnosisSchema),
  // The latest figures per device and runtime, and every kept one (oldest first) for the charts.
  performance: z.object({ latest: z.array(performancePointSchema), history: z.array(performancePointSchema) }),
  history: z.array(historyEntrySchema),
  last_tested: isoDate.nullable(),
  next_check: isoDate.nullable(),
});
export type PageModel = z.infer<typeof pageModelSchema>;
