import { parseArgs } from 'node:util';
import type { z } from 'zod';
import type { Config } from '../config.js';
import { listenAddress, logLevel, OPENVINO_DEVICE } from '../config/schema.js';
import type { TryKind } from '../commands/try-openvino/candidates.js';
import { COMMANDS, type CommandName } from './usage.js';

type LogLevel = Config['log']['level'];
export type { TryKind } from '../commands/try-openvino/candidates.js';

// What the command line asks for; --log-level (any command) and --listen (run) override the config file.
export type Command =
  | { name: 'run'; config?: string; logLevel?: LogLevel; listen?: Config['http']['listen'] }
  | { name: 'check'; config?: string; logLevel?: LogLevel; devices: string[]; json: boolean; benchmark: boolean }
  | { name: 'status'; config?: string; logLevel?: LogLevel; url?: string; json: boolean }
  | { name: 'notify'; config?: string; logLevel?: LogLevel; url?: string }
  // bug: the device of the upstream bug report asked for (--bug, with --device; default NPU).
  | { name: 'report'; config?: string; logLevel?: LogLevel; url?: string; format: 'markdown' | 'html'; output?: string; check: boolean; bug?: string }
  // kind null: --clean of every kind (else python). versions: explicit, or the newest `latest` the index offers.
  | { name: 'try-openvino'; config?: string; logLevel?: LogLevel; kind: TryKind | null; versions: string[] | null; latest: number | null; pre: boolean; clean: boolean }
  // topic: the command whose usage is asked for; none: every command.
  | { name: 'help'; topic?: CommandName }
  | { name: 'version' };

// A command line that cannot be understood; the CLI prints it with the usage and exits 2.
export class UsageError extends Error {
  readonly exitCode = 2;
}

const OPTIONS = {
  config: { type: 'string' },
  'log-level': { type: 'string' },
  listen: { type: 'string' },
  device: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  'no-benchmark': { type: 'boolean' },
  url: { type: 'string' },
  format: { type: 'string' },
  output: { type: 'string' },
  check: { type: 'boolean' },
  bug: { type: 'boolean' },
  kind: { type: 'string' },
  versions: { type: 'string' },
  latest: { type: 'string' },
  pre: { type: 'boolean' },
  clean: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

const COMMON = ['config', 'log-level', 'help'];

// The flags a command accepts, read from its usage (so the help text and the parser cannot disagree).
function allowedFlags(name: CommandName): string[] {
  const own = COMMANDS[name].synopsis.match(/--[a-z-]+/g) ?? [];
  return [...COMMON, ...own.map((flag) => flag.slice(2))];
}

const isCommand = (name: string): name is CommandName => Object.hasOwn(COMMANDS, name);

// Parses argv (without node and the script) into a command; throws UsageError naming what was wrong.
export function parseCommandLine(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const { values, positionals } = parsed;
  if (values.version) return { name: 'version' };
  const [name, ...extra] = positionals;
  if (name === undefined) {
    if (values.help) return { name: 'help' };
    throw new UsageError('no command given');
  }
  if (name === 'help') return helpCommand(extra, Object.keys(values));
  if (!isCommand(name)) throw new UsageError(`unknown command "${name}"`);
  if (values.help) return { name: 'help', topic: name };
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}" for ${name}`);
  const allowed = allowedFlags(name);
  for (const option of Object.keys(values)) {
    if (!allowed.includes(option)) throw new UsageError(`option --${option} does not apply to ${name}`);
  }
  const common = { config: values.config, logLevel: flagValue('--log-level', logLevel, values['log-level']) };
  if (name === 'run') return { name, ...common, listen: flagValue('--listen', listenAddress, values.listen) };
  if (name === 'status') return { name, ...common, url: httpUrl(values.url), json: values.json ?? false };
  if (name === 'notify') return { name, ...common, url: httpUrl(values.url) };
  if (name === 'report') return reportCommand(values, common);
  if (name === 'try-openvino') return tryOpenvinoCommand(values, common);
  const devices = values.device ?? [];
  const bad = devices.find((device) => !OPENVINO_DEVICE.test(device));
  if (bad !== undefined) throw new UsageError(`--device "${bad}" is not an OpenVINO device name (NPU, GPU, CPU, or e.g. GPU.1)`);
  return { name: 'check', ...common, devices, json: values.json ?? false, benchmark: !values['no-benchmark'] };
}

type ParsedValues = ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true; strict: true }>>['values'];

// `npu-watch report`: --format markdown|html, --output FILE, --check, --bug [--device D] (one device, --bug only).
function reportCommand(values: ParsedValues, common: { config?: string; logLevel?: LogLevel }): Command {
  const format = values.format ?? 'markdown';
  if (format !== 'markdown' && format !== 'html') throw new UsageError(`--format "${format}": expected markdown or html`);
  if (values.output === '') throw new UsageError('--output needs a file name');
  const devices = values.device ?? [];
  if (devices.length > 0 && !values.bug) throw new UsageError('--device applies to report only with --bug (the page shows every device)');
  if (devices.length > 1) throw new UsageError('--bug reports on one device: give --device once');
  if (values.bug && values.format !== undefined) throw new UsageError('--format does not apply to --bug (a bug report is Markdown text to paste)');
  const bad = devices.find((device) => !OPENVINO_DEVICE.test(device));
  if (bad !== undefined) throw new UsageError(`--device "${bad}" is not an OpenVINO device name (NPU, GPU, CPU, or e.g. GPU.1)`);
  if (values.check && values.url !== undefined) throw new UsageError('--url and --check exclude each other: --check runs a fresh pass here instead of asking a daemon');
  return {
    name: 'report',
    ...common,
    url: httpUrl(values.url),
    format,
    output: values.output,
    check: values.check ?? false,
    bug: values.bug ? (devices[0] ?? 'NPU') : undefined,
  };
}

// A version as pip (PEP 440) and npm (semver) spell one: digits first, then digits, letters, dots, + and -.
const VERSION = /^[0-9][0-9A-Za-z.+-]{0,63}$/;

// `npu-watch try-openvino`: --kind python|node, --versions LIST or --latest N (1–10), --pre with --latest, --clean alone.
function tryOpenvinoCommand(values: ParsedValues, common: { config?: string; logLevel?: LogLevel }): Command {
  const kind = values.kind ?? null;
  if (kind !== null && kind !== 'python' && kind !== 'node') throw new UsageError(`--kind "${kind}": expected python or node`);
  const clean = values.clean ?? false;
  if (clean && (values.versions !== undefined || values.latest !== undefined || values.pre)) {
    throw new UsageError('--clean removes the environments and exits: give it without --versions, --latest or --pre');
  }
  if (values.versions !== undefined && values.latest !== undefined) throw new UsageError('--versions and --latest exclude each other: give one');
  if (!clean && values.versions === undefined && values.latest === undefined) throw new UsageError('try-openvino needs --versions LIST or --latest N (or --clean)');
  if (values.pre && values.latest === undefined) throw new UsageError('--pre applies only with --latest (--versions names each version itself)');
  let versions: string[] | null = null;
  if (values.versions !== undefined) {
    versions = values.versions.split(',').map((v) => v.trim());
    const bad = versions.find((v) => !VERSION.test(v));
    if (bad !== undefined) throw new UsageError(`--versions "${values.versions}": "${bad}" is not a version (e.g. 2025.2.0)`);
    versions = [...new Set(versions)];
  }
  let latest: number | null = null;
  if (values.latest !== undefined) {
    latest = /^[0-9]+$/.test(values.latest) ? Number(values.latest) : Number.NaN;
    if (!(latest >= 1 && latest <= 10)) throw new UsageError(`--latest "${values.latest}": expected a whole number from 1 to 10`);
  }
  return { name: 'try-openvino', ...common, kind: kind ?? (clean ? null : 'python'), versions, latest, pre: values.pre ?? false, clean };
}

// `npu-watch help [COMMAND]`.
function helpCommand(extra: string[], options: string[]): Command {
  const [topic, more] = extra;
  if (more !== undefined) throw new UsageError(`unexpected argument "${more}" for help`);
  const option = options.find((key) => key !== 'help');
  if (option !== undefined) throw new UsageError(`option --${option} does not apply to help`);
  if (topic === undefined) return { name: 'help' };
  if (!isCommand(topic)) throw new UsageError(`unknown command "${topic}"`);
  return { name: 'help', topic };
}

// A flag that sets a config key is checked by that key's own schema, so it is held to the same rule and says
// the same "expected …" as the config file would.
function flagValue<Schema extends z.ZodType>(flag: string, schema: Schema, value: string | undefined): z.output<Schema> | undefined {
  if (value === undefined) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new UsageError(`${flag} "${value}": expected ${result.error.issues[0]?.message ?? 'a valid value'}`);
}

// --url of status and notify: an absolute http:// or https:// URL.
function httpUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol) || !/^https?:\/\/[^/]/.test(value)) {
    throw new UsageError(`--url "${value}" is not an http:// or https:// URL`);
  }
  return value;
}
