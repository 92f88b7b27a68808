// What each command accepts and how it ends: the one description the parser checks flags against and
// `npu-watch help [COMMAND]` prints.

export type CommandName = 'run' | 'check' | 'status' | 'report' | 'notify' | 'try-openvino';

interface Flag {
  // As the usage line shows it, e.g. "--device D".
  usage: string;
  text: string;
}

interface CommandSpec {
  // The command's own flags as the usage line shows them.
  synopsis: string;
  // Its lines in `npu-watch help`.
  summary: string[];
  // What `npu-watch help COMMAND` says it does.
  description: string[];
  // Its own flags; the common ones (--config, --log-level, --help) apply to every command.
  flags: Flag[];
  // Its own exit codes; 2 (usage) and 78 (config) apply to every command.
  exits: [code: string, text: string][];
}

const COMMON_FLAGS: Flag[] = [
  { usage: '--config FILE', text: 'config file (default: $NPU_WATCH_CONFIG, else\n/etc/npu-watch/config.toml if it exists, else built-in defaults)' },
  { usage: '--log-level LEVEL', text: 'debug, info, warn or error; overrides [log] level\n(check: on stderr, errors only unless given)' },
  { usage: '-h, --help', text: 'this text' },
];

const COMMON_EXITS: [string, string][] = [
  ['2', 'usage error'],
  ['78', 'invalid config (EX_CONFIG)'],
];

export const COMMANDS: Record<CommandName, CommandSpec> = {
  run: {
    synopsis: '[--listen ADDR]',
    summary: ['run the daemon in the foreground (systemd runs this)'],
    description: [
      'Runs the daemon in the foreground (systemd runs this): probes, the canary and the update',
      'check on their schedules, and /metrics, /status and /events over HTTP.',
    ],
    flags: [{ usage: '--listen ADDR', text: 'serve on ADDR, e.g. "127.0.0.1:10461" or "[::1]:10461";\noverrides [http] listen' }],
    exits: [
      ['0', 'stopped by SIGTERM or SIGINT'],
      ['1', 'could not start (e.g. the listen address is in use)'],
    ],
  },
  check: {
    synopsis: '[--device D]... [--json] [--no-benchmark]',
    summary: ['one pass of every probe, printed as a table or JSON;', 'exit 0 when every asked device works, 1 otherwise'],
    description: [
      'One pass of every probe: devices, installed versions, updates, and the canary (and the',
      'LLM benchmark when [benchmark] model_path is set) on each device, each in its own process.',
      'Prints what works and what does not, versions and a diagnosis, as a table or JSON.',
    ],
    flags: [
      { usage: '--device D', text: 'a device to check: NPU, GPU, CPU, or e.g. GPU.1; repeatable\n(default: [canary] devices)' },
      { usage: '--json', text: 'print the report as JSON' },
      { usage: '--no-benchmark', text: 'skip the LLM benchmark (the canary still runs)' },
    ],
    exits: [
      ['0', 'every asked device works'],
      ['1', 'some asked device does not work'],
      ['130', 'interrupted by Ctrl-C (143: by SIGTERM), after ending what it started'],
    ],
  },
  status: {
    synopsis: '[--url U] [--json]',
    summary: ['ask a running daemon; exit 3 when none answers'],
    description: ["Asks a running daemon for its last results (its /status) and prints them like check."],
    flags: [
      { usage: '--url U', text: "the daemon's http:// or https:// URL\n(default: http://ADDR with ADDR from [http] listen)" },
      { usage: '--json', text: 'print the report as JSON' },
    ],
    exits: [
      ['0', 'the daemon answered'],
      ['3', 'no daemon answered, or what answered is not npu-watch'],
      ['130', 'interrupted by Ctrl-C (143: by SIGTERM)'],
    ],
  },
  report: {
    synopsis: '[--format F] [--output FILE] [--check] [--url U] [--bug [--device D]]',
    summary: ['the status page (Markdown or HTML) from the daemon, or', 'from one fresh pass; --bug: an upstream bug report'],
    description: [
      'Prints the status page: system, what works and what does not, error details, versions and',
      "updates, diagnosis, measured performance, history, last and next check. From the running",
      "daemon (its /page.json), or with --check from one fresh pass of every probe (as check).",
      'With --bug: the text of an upstream bug report for one device, with the fields of',
      "OpenVINO's bug template and the repository that fits; user, host and home names replaced.",
    ],
    flags: [
      { usage: '--format F', text: 'markdown (default) or html (one self-contained file)' },
      { usage: '--output FILE', text: 'write FILE (replaced atomically) instead of printing' },
      { usage: '--check', text: 'one fresh pass here instead of asking the daemon' },
      { usage: '--url U', text: "the daemon's http:// or https:// URL\n(default: http://ADDR with ADDR from [http] listen)" },
      { usage: '--bug', text: 'an upstream bug report instead of the page' },
      { usage: '--device D', text: 'with --bug: the device to report on (default: NPU)' },
    ],
    exits: [
      ['0', 'the page or bug report was printed or written'],
      ['1', 'the output file could not be written'],
      ['3', 'no daemon answered (without --check)'],
      ['130', 'interrupted by Ctrl-C (143: by SIGTERM)'],
    ],
  },
  notify: {
    synopsis: '[--url U]',
    summary: ["in the user's session: follow the daemon's /events and", 'show desktop notifications (runs until SIGTERM/SIGINT)'],
    description: [
      "Runs in the user's desktop session: follows the daemon's /events and shows each status",
      'change as a desktop notification, until SIGTERM or SIGINT.',
    ],
    flags: [{ usage: '--url U', text: "the daemon's http:// or https:// URL\n(default: http://ADDR with ADDR from [http] listen)" }],
    exits: [['0', 'stopped by SIGTERM or SIGINT']],
  },
  'try-openvino': {
    synopsis: '[--kind K] [--versions LIST | --latest N] [--pre] [--clean]',
    summary: ['install candidate OpenVINO versions in private environments', 'and run the canary with each: which one works here'],
    description: [
      'For each candidate version: a private environment under the cache directory (a venv',
      "with that openvino from pip, or an npm prefix with that openvino-node), the canary (and",
      'the LLM benchmark when [benchmark] model_path is set) with it on every configured device,',
      'then the matrix version × device × compiler and the version that works. Environments are',
      'kept for the next run; --clean removes them. Runs only when asked, never on a schedule.',
      "pip and npm use the user's own index and registry configuration; extra pip install",
      'arguments: $NPU_WATCH_PIP_INSTALL_ARGS; npm tarballs instead of the registry:',
      '$NPU_WATCH_NPM_TARBALLS (a directory of openvino-node-VERSION.tgz).',
    ],
    flags: [
      { usage: '--kind K', text: 'python (pip\'s openvino, default) or node (openvino-node)' },
      { usage: '--versions LIST', text: 'the versions to try, comma-separated, e.g. 2025.1.0,2025.2.0' },
      { usage: '--latest N', text: 'the newest N versions the index offers (1 to 10)' },
      { usage: '--pre', text: 'with --latest: pre-releases count too' },
      { usage: '--clean', text: 'remove the environments of --kind (default: every kind) and exit' },
    ],
    exits: [
      ['0', 'some tried version works on every device (or --clean removed them)'],
      ['1', 'no tried version works on every device'],
      ['130', 'interrupted by Ctrl-C (143: by SIGTERM); no half-made environment left'],
    ],
  },
};

const COLUMN = 28;

// Two columns: the left text, then the right text's lines aligned at COLUMN (on the next line when the left is long).
function columns(left: string, right: string[]): string {
  const [first = '', ...rest] = right;
  const head = left.length + 2 < COLUMN ? `  ${left.padEnd(COLUMN - 2)}${first}` : `  ${left}\n${' '.repeat(COLUMN)}${first}`;
  return [head, ...rest.map((line) => `${' '.repeat(COLUMN)}${line}`)].join('\n');
}

const flagLines = (flags: Flag[]) => flags.map((flag) => columns(flag.usage, flag.text.split('\n'))).join('\n');

// `npu-watch help`: every command in one screen.
export function generalUsage(): string {
  const commands = Object.entries(COMMANDS).map(([name, spec]) => columns(`${name} ${spec.synopsis}`, spec.summary));
  return `usage: npu-watch <command> [options]

commands:
${commands.join('\n')}
${columns('help [COMMAND]', ["this text, or one command's options and exit codes"])}

options for every command:
${flagLines(COMMON_FLAGS)}
${columns('--version', ['print the version'])}

A usage error exits 2; an invalid config exits 78.
`;
}

// `npu-watch help COMMAND`, `npu-watch COMMAND --help`: the command's flags and exit codes.
export function commandUsage(name: CommandName): string {
  const spec = COMMANDS[name];
  const exits = [...spec.exits, ...COMMON_EXITS].sort(([a], [b]) => Number(a) - Number(b));
  return `usage: npu-watch ${name} ${spec.synopsis} [--config FILE] [--log-level LEVEL]

${spec.description.join('\n')}

options:
${flagLines([...spec.flags, ...COMMON_FLAGS])}

exit codes:
${exits.map(([code, text]) => `  ${code.padEnd(5)}${text}`).join('\n')}
`;
}
