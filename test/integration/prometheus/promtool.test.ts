import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALERTS, filesIn, PROMETHEUS, REPO, TESTS } from '../../helpers/prometheus-files.js';

// The shipped Prometheus files, checked by the real promtool (Debian's prometheus package); what they say is
// read in test/unit/prometheus/rules.test.ts.
let rulesFiles: string[] = [];
let testFiles: string[] = [];

beforeAll(async () => {
  rulesFiles = await filesIn(PROMETHEUS, '.rules.yml');
  testFiles = await filesIn(TESTS, '.yml');
});

describe('prometheus/*.rules.yml', () => {
  it('passes `promtool check rules`', async () => {
    expect(rulesFiles.map((file) => path.basename(file))).toEqual(['npu-watch.rules.yml']);
    const result = await execa('promtool', ['check', 'rules', ...rulesFiles], { cwd: REPO, reject: false, all: true });
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toContain(`SUCCESS: ${ALERTS.length} rules found`);
    expect(result.all).not.toMatch(/WARNING|FAILED/);
  });

  it('passes `promtool test rules` on every test file', async () => {
    expect(testFiles.map((file) => path.basename(file))).toEqual(['npu-watch.rules.test.yml']);
    const result = await execa('promtool', ['test', 'rules', ...testFiles], { cwd: REPO, reject: false, all: true });
    expect(result.exitCode, result.all).toBe(0);
    for (const file of testFiles) expect(result.all).toContain(`Unit Testing:  ${file}`);
    expect(result.all).toMatch(/^ {2}SUCCESS$/m);
    expect(result.all).not.toContain('FAILED');
  });
});

describe('prometheus/scrape-config.example.yml', () => {
  const file = path.join(PROMETHEUS, 'scrape-config.example.yml');

  it('passes `promtool check config`, rule file included', async () => {
    const result = await execa('promtool', ['check', 'config', file], { cwd: REPO, reject: false, all: true });
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toContain('is valid prometheus config file syntax');
    expect(result.all).toContain(`SUCCESS: ${ALERTS.length} rules found`);
  });
});
