import cron from 'node-cron';
import { z } from 'zod';
import { defaultHostPaths } from '../host/paths.js';
import { MAX_KILL_GRACE_SECONDS } from '../host/stop-timeout.js';

// The config file's one definition: what each key accepts, its default, and (in each `error`) the "what was
// expected" phrase of the message the user sees. Every key is optional; a table left out gets its defaults
// (`.prefault({})` runs `{}` through the table's schema, so the defaults of its keys apply).

const path = z.string({ error: 'a path string' }).startsWith('/', { error: 'an absolute path' });
const seconds = (max: number) =>
  z
    .number({ error: 'a number of seconds' })
    .positive({ error: 'a positive number of seconds' })
    .max(max, { error: `at most ${max} seconds` });
const count = (min: number, max: number) =>
  z.number({ error: 'a count' }).int({ error: 'a whole count' }).min(min, { error: `at least ${min}` }).max(max, { error: `at most ${max}` });
const tokens = () => z.number({ error: 'a number of tokens' }).int({ error: 'a whole number of tokens' });
const schedule = z
  .string({ error: 'a cron expression string' })
  .refine((value) => cron.validate(value), { error: 'a valid cron expression such as "*/5 * * * *"' });
// A table whose keys all have defaults (or are optional), so an absent table is the same as an empty one.
const table = <Shape extends z.core.$ZodLooseShape>(shape: Shape) =>
  z.strictObject(shape, { error: 'a table' }).prefault({} as z.input<z.ZodObject<Shape, z.core.$strict>>);

// An OpenVINO device name as `core.getAvailableDevices()` lists it: NPU, GPU, CPU, or e.g. GPU.1.
export const OPENVINO_DEVICE = /^(NPU|GPU|CPU)(\.[0-9]+)?$/;

// 9100-9999 is fully allocated among Prometheus exporters, so npu-watch listens above it.
export const DEFAULT_LISTEN = '127.0.0.1:10461';

// [http] listen and --listen: host:port, [v6]:port; port 0 lets the kernel choose (tests).
export const listenAddress = z
  .string({ error: 'a "host:port" string' })
  .transform((value, ctx) => {
    const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value);
    const port = Number(match?.[3]);
    if (!match || port > 65535) {
      ctx.addIssue({ code: 'custom', message: 'a "host:port" address such as "127.0.0.1:10461"' });
      return z.NEVER;
    }
    return { host: (match[1] ?? match[2]) as string, port };
  });

// [log] level and --log-level.
export const logLevel = z.enum(['debug', 'info', 'warn', 'error'], { error: 'one of "debug", "info", "warn", "error"' });

// A fixed prompt as token ids (no tokenizer needed): 32 ids valid in any vocabulary of 32k+ entries.
const DEFAULT_PROMPT_TOKEN_IDS = [
  791, 4062, 14198, 39935, 35308, 927, 279, 16053, 5679, 13, 578, 39935, 35308, 927, 279, 16053, 5679, 1578, 13, 3639,
  1587, 279, 16053, 5679, 656, 30, 1102, 374, 21811, 323, 4832, 13,
];

const tokenId = z
  .number({ error: 'a token id (a non-negative integer)' })
  .int({ error: 'a token id (a non-negative integer)' })
  .nonnegative({ error: 'a token id (a non-negative integer)' });
const fraction = z.number({ error: 'a fraction between 0 and 1' }).min(0, { error: 'a fraction between 0 and 1' }).max(1, { error: 'a fraction between 0 and 1' });
const tokensPerSecondRange = z
  .tuple([z.number({ error: 'a [min, max] pair of tokens per second' }), z.number({ error: 'a [min, max] pair of tokens per second' })], {
    error: 'a [min, max] pair of tokens per second',
  })
  .refine(([min, max]) => min >= 0 && max >= min, { error: 'a [min, max] pair with 0 ≤ min ≤ max' });

// [[runtimes]]: each runtime's name is a metric label value, an event's and the check matrix's row name.
export const RUNTIME_KINDS = ['node', 'python'] as const;
export const RUNTIME_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
// Bounded: every canary, benchmark and power series has a runtime label, and the runtimes run one after another.
export const MAX_RUNTIMES = 8;
const runtimeEntry = z
  .strictObject(
    {
      name: z.string({ error: 'a runtime name string' }).regex(RUNTIME_NAME, {
        error: 'a name of letters, digits, ".", "_" and "-" (at most 40, starting with a letter or digit)',
      }),
      kind: z.enum(RUNTIME_KINDS, { error: '"node" or "python"' }),
      // node: what the Node worker imports: "openvino-node", or the path of a side-by-side install.
      module: z.string({ error: 'a module name or path' }).min(1, { error: 'a non-empty module name or path' }).optional(),
      // python: the interpreter whose openvino is tested: an absolute path (a venv's bin/python) or a command on PATH.
      interpreter: z
        .string({ error: 'an interpreter path or command' })
        .regex(/^(\/.+|[^/]+)$/, { error: 'an absolute interpreter path (e.g. a venv\'s bin/python) or a command name such as "python3"' })
        .optional(),
    },
    { error: 'a runtime table with name and kind' },
  )
  .superRefine((entry, context) => {
    if (entry.kind === 'python' && entry.interpreter === undefined) {
      context.addIssue({ code: 'custom', path: ['interpreter'], message: 'an interpreter for a python runtime (e.g. "/home/me/venv/bin/python" or "python3")' });
    }
    if (entry.kind === 'python' && entry.module !== undefined) {
      context.addIssue({ code: 'custom', path: ['module'], message: 'no module for a python runtime (it tests its interpreter\'s openvino)' });
    }
    if (entry.kind === 'node' && entry.module === undefined) {
      context.addIssue({ code: 'custom', path: ['module'], message: 'a module for a node runtime ("openvino-node", or the path of a side-by-side install)' });
    }
    if (entry.kind === 'node' && entry.interpreter !== undefined) {
      context.addIssue({ code: 'custom', path: ['interpreter'], message: 'no interpreter for a node runtime (give its module)' });
    }
  });
export type RuntimeEntry = z.output<typeof runtimeEntry>;

// Tables that existed once and were replaced: naming the replacement beats "unknown key".
export const REPLACED_TABLES: Record<string, string> = {
  runtime:
    '[runtime] was replaced by [[runtimes]], a list of runtimes tested side by side: write [[runtimes]] with name = "openvino-node", kind = "node" and module = (what [runtime] module said)',
};

// The TOML file: every table and key, with its default.
export const configSchema = z.strictObject({
  // Host roots every probe reads through (node_exporter's --path.sysfs, --path.procfs).
  paths: table({
    sysfs: path.default(defaultHostPaths.sysfs),
    procfs: path.default(defaultHostPaths.procfs),
    dev: path.default(defaultHostPaths.dev),
    firmware: path.default(defaultHostPaths.firmware),
    etc: path.default(defaultHostPaths.etc),
  }),
  // The OpenVINO runtimes the canary tests, one after another; absent: the defaults found at startup
  // (canary/runtimes.ts: openvino-node, and python3 on PATH when it can import openvino).
  runtimes: z
    .array(runtimeEntry, { error: 'a list of runtimes ([[runtimes]] tables)' })
    .min(1, { error: 'at least one runtime' })
    .max(MAX_RUNTIMES, { error: `at most ${MAX_RUNTIMES} runtimes (each is a label value of every canary metric)` })
    .optional(),
  canary: table({
    devices: z
      .array(
        z.string({ error: 'a device name string' }).regex(OPENVINO_DEVICE, { error: 'an OpenVINO device name ("NPU", "GPU", "CPU", or e.g. "GPU.1")' }),
        { error: 'a list of OpenVINO device names' },
      )
      .min(1, { error: 'at least one device' })
      .refine((list) => new Set(list).size === list.length, { error: 'a list without repeated devices' })
      .default(['NPU', 'CPU']),
    timeout_seconds: seconds(3600).default(300),
    stage_timeout_seconds: seconds(3600).default(180),
    // Bounded so that a whole shutdown fits the unit's TimeoutStopSec (host/stop-timeout.ts).
    kill_grace_seconds: seconds(MAX_KILL_GRACE_SECONDS).default(5),
  }),
  benchmark: table({
    // null: no benchmark (the canary still runs).
    model_path: path.nullable().default(null),
    prompt_token_ids: z
      .array(tokenId, { error: 'a list of token ids (non-negative integers)' })
      .min(1, { error: 'at least one token id' })
      .default(DEFAULT_PROMPT_TOKEN_IDS),
    max_new_tokens: tokens().min(2, { error: 'at least 2 tokens' }).max(4096, { error: 'at most 4096 tokens' }).default(64),
    repetitions: z.number({ error: 'a number of repetitions' }).int({ error: 'a whole number' }).min(1, { error: 'at least 1' }).max(100, { error: 'at most 100' }).default(3),
    timeout_seconds: seconds(7200).default(1800),
    min_token_agreement: fraction.default(0.9),
    // OpenVINO CACHE_DIR for the benchmark's compile; the directory itself depends on the environment.
    cache: z.boolean({ error: 'true or false' }).default(true),
    npu_max_prompt_len: tokens().positive({ error: 'a positive number of tokens' }).default(1024),
    npu_min_response_len: tokens().positive({ error: 'a positive number of tokens' }).default(128),
  }),
  // The benchmark is skipped (the canary still runs) on battery below this charge.
  power: table({
    battery_min_percent: z.number({ error: 'a percentage' }).min(0, { error: 'a percentage from 0 to 100' }).max(100, { error: 'a percentage from 0 to 100' }).default(30),
    baseline_seconds: seconds(60).default(2),
  }),
  // Debouncing of the per-device state, and how many events /status and /events keep.
  status: table({
    passes_to_working: count(1, 100).default(1),
    failures_to_broken: count(1, 100).default(2),
    history: count(1, 10000).default(100),
  }),
  // The decode tok/s a device should reach, e.g. { NPU: [20, 40] } for a 3B int4 model (the seed's table).
  expected_tokens_per_second: z
    .record(z.string().regex(OPENVINO_DEVICE, { error: 'an OpenVINO device name as the key' }), tokensPerSecondRange, {
      error: 'a table of device = [min, max]',
    })
    .default({}),
  // desktop: notify in-process (only when the daemon runs in the user's session); webhook: JSON POST per event.
  notify: table({
    desktop: z.boolean({ error: 'true or false' }).default(false),
    webhook_url: z.url({ protocol: /^https?$/, error: 'an http or https URL' }).nullable().default(null),
    webhook_timeout_seconds: seconds(120).default(5),
    webhook_retries: count(0, 10).default(3),
    min_interval_seconds: z.number({ error: 'a number of seconds' }).min(0, { error: 'zero or more seconds' }).max(86400, { error: 'at most 86400 seconds' }).default(300),
  }),
  schedule: table({
    probes: schedule.default('*/5 * * * *'),
    updates: schedule.default('17 */6 * * *'),
    canary: schedule.default('7 * * * *'),
  }),
  // Changes to the package databases, firmware directories and the intel_vpu module run the inventory at once;
  // changes that come within this many seconds of each other are one change.
  watch: table({
    debounce_seconds: z
      .number({ error: 'a number of seconds' })
      .min(0.05, { error: 'at least 0.05 seconds' })
      .max(60, { error: 'at most 60 seconds' })
      .default(0.5),
  }),
  http: table({
    listen: listenAddress.prefault(DEFAULT_LISTEN),
    // TLS and basic auth in exporter-toolkit's web config format (YAML); none: plain HTTP, no auth.
    web_config: path.optional(),
    // Connections served at once; more are accepted and closed at once, so idle clients cannot use up the
    // daemon's file descriptors (its canary and probes need them).
    max_connections: count(1, 10000).default(64),
  }),
  // No default here: it depends on the environment (see resolveEnvironment).
  state: table({ dir: path.optional() }),
  log: table({ level: logLevel.default('info') }),
  commands: table({ timeout_seconds: seconds(600).default(120) }),
}).superRefine((config, context) => {
  const seen = new Set<string>();
  config.runtimes?.forEach((entry, index) => {
    if (seen.has(entry.name)) context.addIssue({ code: 'custom', path: ['runtimes', index, 'name'], message: 'a name no other runtime has' });
    seen.add(entry.name);
  });
  // On NPU the benchmark's prompt needs 2 tokens or more: NPUW runs its prefill model only for a first call of more
  // than one token (openvinotoolkit/openvino src/plugins/intel_npu/src/plugin/npuw/llm_infer_request.cpp,
  // LLMInferRequest::infer), so a one-token prompt's "time to first token" would time a generate step instead.
  const npu = config.canary.devices.some((device) => device === 'NPU' || device.startsWith('NPU.'));
  if (npu && config.benchmark.prompt_token_ids.length < 2) {
    context.addIssue({
      code: 'custom',
      path: ['benchmark', 'prompt_token_ids'],
      message: 'at least 2 token ids when canary.devices has an NPU (NPUW prefills only a prompt of 2 or more tokens)',
    });
  }
});

// The file as validated, defaults filled; the environment-dependent values are not resolved yet.
export type ConfigFile = z.output<typeof configSchema>;
