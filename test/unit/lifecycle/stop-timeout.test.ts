import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../src/config.js';
import { MAX_KILL_GRACE_SECONDS, UNIT_STOP_TIMEOUT_SECONDS, workersGoneWithinSeconds, SHUTDOWN_MARGIN_SECONDS } from '../../../src/host/stop-timeout.js';

const UNIT = path.resolve(import.meta.dirname, '../../../systemd/npu-watch.service');

// The shutdown bound is derived from the shipped unit's TimeoutStopSec; these keep the two in step.
describe('shutdown fits the unit\'s stop timeout', () => {
  it('UNIT_STOP_TIMEOUT_SECONDS is the shipped unit\'s TimeoutStopSec', () => {
    const match = /^TimeoutStopSec=(\d+)s$/m.exec(fs.readFileSync(UNIT, 'utf8'));
    expect(Number(match?.[1])).toBe(UNIT_STOP_TIMEOUT_SECONDS);
  });

  it('the largest grace still leaves the margin before systemd\'s SIGKILL', () => {
    expect(workersGoneWithinSeconds(MAX_KILL_GRACE_SECONDS) + SHUTDOWN_MARGIN_SECONDS - 1).toBeLessThanOrEqual(UNIT_STOP_TIMEOUT_SECONDS);
  });

  it('a kill_grace_seconds that would outlast the unit is a config error naming the limit', () => {
    expect(parseConfig(`[canary]\nkill_grace_seconds = ${MAX_KILL_GRACE_SECONDS}\n`, 'ok.toml').canary.kill_grace_seconds).toBe(MAX_KILL_GRACE_SECONDS);
    expect(() => parseConfig('[canary]\nkill_grace_seconds = 60\n', 'long.toml')).toThrow(ConfigError);
    expect(() => parseConfig('[canary]\nkill_grace_seconds = 60\n', 'long.toml')).toThrow(
      `config long.toml:2: canary.kill_grace_seconds: expected at most ${MAX_KILL_GRACE_SECONDS} seconds, got 60`,
    );
  });
});
