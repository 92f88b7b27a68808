// An invalid configuration: the message names the file, the line, the key and what was expected.
// The CLI prints it and exits 78 (EX_CONFIG), which systemd's RestartPreventExitStatus= honours.
export class ConfigError extends Error {
  readonly exitCode = 78;
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
