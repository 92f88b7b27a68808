import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { listeningPorts, parseProcStat, runs } from '../../helpers/processes.js';

// The test helpers' reading of /proc/<pid>/stat (test/helpers/processes.ts), on lines captured from this Linux
// machine (kernel 6.x): pid 1, and a python3 process that renamed itself with prctl(PR_SET_NAME, "a) (b c").
const PID_1 =
  '1 (process_api) S 0 0 0 0 -1 4194560 31776 4911743 0 639 39 55 13305 3060 20 0 11 0 6 40775680 3331 18446744073709551615 1 1 0 0 0 0 0 4096 1256 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n';
const TRICKY_COMM =
  '20638 (a) (b c) R 20635 20635 15382 0 -1 4194304 2941 6510 1 0 5 2 5 1 20 0 1 0 62003 17162240 3411 18446744073709551615 93846419202048 93846419202389 140736129817840 0 0 0 0 16781312 2 0 0 0 17 0 0 0 0 0 0 93846419213744 93846419214360 93846883078144 140736129820808 140736129820969 140736129820969 140736129822671 0\n';

describe('parseProcStat', () => {
  it('reads pid, state, parent, process group, session, flags and start time', () => {
    expect(parseProcStat(PID_1)).toEqual({ pid: 1, comm: 'process_api', state: 'S', ppid: 0, pgid: 0, sid: 0, flags: 4194560, starttime: 6 });
  });

  it('counts the fields from the last ")", so a command name with spaces and parentheses does not shift them', () => {
    expect(parseProcStat(TRICKY_COMM)).toEqual({ pid: 20638, comm: 'a) (b c', state: 'R', ppid: 20635, pgid: 20635, sid: 15382, flags: 4194304, starttime: 62003 });
  });

  it('refuses a line that is not one', () => {
    expect(() => parseProcStat('')).toThrow('not a /proc/<pid>/stat line');
    expect(() => parseProcStat('7 (sh) S 1 7')).toThrow('line has no field');
  });
});

describe('runs', () => {
  it('matches whole arguments in order, not substrings', () => {
    expect(runs(['sleep', '61.803'], ['sleep', '61.803'])).toBe(true);
    expect(runs(['/usr/bin/node', '/x/dist/canary/worker.js'], ['/x/dist/canary/worker.js'])).toBe(true);
    expect(runs(['sleep', '61.8031'], ['sleep', '61.803'])).toBe(false);
    expect(runs(['sh', '-c', 'sleep 61.803'], ['sleep', '61.803'])).toBe(false);
  });
});

describe('listeningPorts', () => {
  it('finds the port a server of this process got for port 0, and loses it once the server closes', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    expect(listeningPorts(process.pid)).toContain(port);
    await new Promise((resolve) => server.close(resolve));
    expect(listeningPorts(process.pid)).not.toContain(port);
  });
});
