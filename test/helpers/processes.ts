import { execa } from 'execa';

// Whether any process on this machine has `pattern` in its command line (pgrep -f): tests give the commands
// they start a unique marker argument, such as `sleep 61.803`, to find them again.
export async function isRunning(pattern: string): Promise<boolean> {
  return (await execa('pgrep', ['-f', pattern], { reject: false })).exitCode === 0;
}
