import cron from 'node-cron';
import { z } from 'zod';

// Each field's error text is the "what was expected" phrase of the message the user sees.
const path = z.string({ error: 'a path string' }).startsWith('/', { error: 'an absolute path' });
const seconds = (max: number) =>
  z
    .number({ error: 'a number of seconds' })
    .positive({ error: 'a positive number of seconds' })
    .max(max, { error: `at most ${max} seconds` });
const schedule = z
  .string({ error: 'a cron expression string' })
  .refine((value) => cron.validate(value), { error: 'a valid cron expression such as "*/5 * * * *"' });

export const OPENVINO_DEVICE = /^(NPU|GPU|CPU)(\.[0-9]+)?$/;

// host:port, [v6]:port; port 0 lets the kernel choose (tests).
const listen = z
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

export const configSchema = z.strictObject({
  paths: z
    .strictObject({
      sysfs: path.optional(),
      procfs: path.optional(),
      dev: path.optional(),
      firmware: path.optional(),
      etc: path.optional(),
    }, { error: 'a table' })
    .optional(),
  runtime: z
    .strictObject({
      module: z.string({ error: 'a module name or path' }).min(1, { error: 'a non-empty module name or path' }).optional(),
    }, { error: 'a table' })
    .optional(),
  canary: z
    .strictObject({
      devices: z
        .array(
          z
            .string({ error: 'a device name string' })
            .regex(OPENVINO_DEVICE, { error: 'an OpenVINO device name ("NPU", "GPU", "CPU", or e.g. "GPU.1")' }),
          { error: 'a list of OpenVINO device names' },
        )
        .min(1, { error: 'at least one device' })
        .refine((list) => new Set(list).size === list.length, { error: 'a list without repeated devices' })
        .optional(),
      timeout_seconds: seconds(3600).optional(),
      stage_timeout_seconds: seconds(3600).optional(),
      kill_grace_seconds: seconds(60).optional(),
    }, { error: 'a table' })
    .optional(),
  benchmark: z
    .strictObject({
      model_path: path.optional(),
      prompt_token_ids: z
        .array(
          z.number({ error: 'a token id (a non-negative integer)' }).int({ error: 'a token id (a non-negative integer)' }).nonnegative({ error: 'a token id (a non-negative integer)' }),
          { error: 'a list of token ids (non-negative integers)' },
        )
        .min(1, { error: 'at least one token id' })
        .optional(),
      max_new_tokens: z.number({ error: 'a number of tokens' }).int({ error: 'a whole number of tokens' }).min(2, { error: 'at least 2 tokens' }).max(4096, { error: 'at most 4096 tokens' }).optional(),
      repetitions: z.number({ error: 'a number of repetitions' }).int({ error: 'a whole number' }).min(1, { error: 'at least 1' }).max(100, { error: 'at most 100' }).optional(),
      timeout_seconds: seconds(7200).optional(),
      min_token_agreement: z.number({ error: 'a fraction between 0 and 1' }).min(0, { error: 'a fraction between 0 and 1' }).max(1, { error: 'a fraction between 0 and 1' }).optional(),
      cache: z.boolean({ error: 'true or false' }).optional(),
      npu_max_prompt_len: z.number({ error: 'a number of tokens' }).int({ error: 'a whole number of tokens' }).positive({ error: 'a positive number of tokens' }).optional(),
      npu_min_response_len: z.number({ error: 'a number of tokens' }).int({ error: 'a whole number of tokens' }).positive({ error: 'a positive number of tokens' }).optional(),
    }, { error: 'a table' })
    .optional(),
  power: z
    .strictObject({
      battery_min_percent: z.number({ error: 'a percentage' }).min(0, { error: 'a percentage from 0 to 100' }).max(100, { error: 'a percentage from 0 to 100' }).optional(),
      baseline_seconds: seconds(60).optional(),
    }, { error: 'a table' })
    .optional(),
  status: z
    .strictObject({
      passes_to_working: z.number({ error: 'a count' }).int({ error: 'a whole count' }).min(1, { error: 'at least 1' }).max(100, { error: 'at most 100' }).optional(),
      failures_to_broken: z.number({ error: 'a count' }).int({ error: 'a whole count' }).min(1, { error: 'at least 1' }).max(100, { error: 'at most 100' }).optional(),
      history: z.number({ error: 'a count' }).int({ error: 'a whole count' }).min(1, { error: 'at least 1' }).max(10000, { error: 'at most 10000' }).optional(),
    }, { error: 'a table' })
    .optional(),
  expected_tokens_per_second: z
    .record(
      z.string().regex(OPENVINO_DEVICE, { error: 'an OpenVINO device name as the key' }),
      z
        .tuple([z.number({ error: 'a [min, max] pair of tokens per second' }), z.number({ error: 'a [min, max] pair of tokens per second' })], {
          error: 'a [min, max] pair of tokens per second',
        })
        .refine(([min, max]) => min >= 0 && max >= min, { error: 'a [min, max] pair with 0 ≤ min ≤ max' }),
      { error: 'a table of device = [min, max]' },
    )
    .optional(),
  notify: z
    .strictObject({
      desktop: z.boolean({ error: 'true or false' }).optional(),
      webhook_url: z.url({ protocol: /^https?$/, error: 'an http or https URL' }).optional(),
      webhook_timeout_seconds: seconds(120).optional(),
      webhook_retries: z.number({ error: 'a count' }).int({ error: 'a whole count' }).min(0, { error: 'at least 0' }).max(10, { error: 'at most 10' }).optional(),
      min_interval_seconds: z.number({ error: 'a number of seconds' }).min(0, { error: 'zero or more seconds' }).max(86400, { error: 'at most 86400 seconds' }).optional(),
    }, { error: 'a table' })
    .optional(),
  schedule: z
    .strictObject({
      probes: schedule.optional(),
      updates: schedule.optional(),
      canary: schedule.optional(),
    }, { error: 'a table' })
    .optional(),
  http: z.strictObject({ listen: listen.optional() }, { error: 'a table' }).optional(),
  state: z.strictObject({ dir: path.optional() }, { error: 'a table' }).optional(),
  log: z
    .strictObject({
      level: z.enum(['debug', 'info', 'warn', 'error'], { error: 'one of "debug", "info", "warn", "error"' }).optional(),
    }, { error: 'a table' })
    .optional(),
  commands: z.strictObject({ timeout_seconds: seconds(600).optional() }, { error: 'a table' }).optional(),
});

export type ConfigFile = z.infer<typeof configSchema>;
