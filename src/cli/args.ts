import { parseArgs } from 'node:util';
import { OPENVINO_DEVICE } from '../config/schema.js';

export type Command =
  | { name: 'run'; config?: string }
  | { name: 'check'; config?: string; devices: string[]; json: boolean; benchmark: boolean }
  | { name: 'status'; config?: string; url?: string; json: boolean }
  | { name: 'notify'; config?: string; url?: string }
  | { name: 'help' }
  | { name: 'version' };

export const USAGE = `usage: npu-watch <command> [options]

commands:
  run                       run the daemon in the foreground (systemd runs this)
  check [--device D]... [--json] [--no-benchmark]
                            one pass of every probe, printed as a table or JSON;
                            exit 0 when every asked device works, 1 otherwise
  status [--url U] [--json] ask a running daemon; exit 3 when none answers
  notify [--url U]          in the user's session: follow the daemon's /events and
                            show desktop notifications (runs until SIGTERM/SIGINT)

options for every command:
  --config FILE             config file (default: $NPU_WATCH_CONFIG, else
                            /etc/npu-watch/config.toml if it exists, else built-in defaults)
  -h, --help                this text
  --version                 print the version
`;

// A command line that cannot be understood; the CLI prints it with the usage and exits 2.
export class UsageError extends Error {
  readonly exitCode = 2;
}

const OPTIONS = {
  config: { type: 'string' },
  device: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  'no-benchmark': { type: 'boolean' },
  url: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

const ALLOWED: Record<string, readonly string[]> = {
  run: ['config'],
  check: ['config', 'device', 'json', 'no-benchmark'],
  status: ['config', 'url', 'json'],
  notify: ['config', 'url'],
};

// Parses argv (without node and the script) into a command; throws UsageError naming what was wrong.
export function parseCommandLine(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const { values, positionals } = parsed;
  if (values.help) return { name: 'help' };
  if (values.version) return { name: 'version' };
  const [name, ...extra] = positionals;
  if (name === undefined) throw new UsageError('no command given');
  const allowed = ALLOWED[name];
  if (!allowed) throw new UsageError(`unknown command "${name}"`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}" for ${name}`);
  for (const option of Object.keys(values)) {
    if (!allowed.includes(option)) throw new UsageError(`option --${option} does not apply to ${name}`);
  }
  const config = values.config;
  if (name === 'run') return { name, config };
  if (name === 'status') return { name, config, url: values.url, json: values.json ?? false };
  if (name === 'notify') {
    if (values.url !== undefined && !/^https?:\/\/[^/]/.test(values.url)) throw new UsageError(`--url "${values.url}" is not an http:// or https:// URL`);
    return { name, config, url: values.url };
  }
  const devices = values.device ?? [];
  const bad = devices.find((device) => !OPENVINO_DEVICE.test(device));
  if (bad !== undefined) throw new UsageError(`--device "${bad}" is not an OpenVINO device name (NPU, GPU, CPU, or e.g. GPU.1)`);
  return { name: 'check', config, devices, json: values.json ?? false, benchmark: !values['no-benchmark'] };
}
