import fs from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALERTS, filesIn, PROMETHEUS, REPO, TESTS } from '../../helpers/prometheus-files.js';

// The shipped Prometheus files read with a few regular expressions (no YAML dependency): the layout they rely
// on is the one these files are written in. promtool's own checks are test/integration/prometheus/promtool.test.ts.
const GOLDEN = path.join(REPO, 'test/fixtures/golden');

// Metrics the rules use that the daemon does not export yet (see prometheus/README.md): their rules stay
// silent until it does, and their tests feed the series by hand.
const PENDING_METRICS = new Set(['npuwatch_expected_min_tokens_per_second']);

interface AlertRule {
  name: string;
  text: string;
}

// Each `- alert: Name` rule with its text up to the next rule.
function alertRules(rules: string): AlertRule[] {
  const starts = [...rules.matchAll(/^ *- (?:alert|record): *(\S+)/gm)];
  return starts
    .map((match, i) => ({ match, end: starts[i + 1]?.index ?? rules.length }))
    .filter(({ match }) => match[0].includes('alert:'))
    .map(({ match, end }) => ({ name: match[1] as string, text: rules.slice(match.index, end) }));
}

interface AlertCase {
  alertname: string;
  firing: boolean;
}

// Each `alert_rule_test` item: which alert, and whether it expects it firing (a non-empty `exp_alerts`).
function alertCases(tests: string): AlertCase[] {
  const items = tests.split(/^ *- eval_time:/m).slice(1);
  return items.flatMap((item) => {
    const alertname = /^ *alertname: *(\S+)/m.exec(item)?.[1];
    if (!alertname) return [];
    const expected = /^ *exp_alerts:(.*)$/m.exec(item);
    const firing = expected !== null && expected[1]?.trim() !== '[]';
    return [{ alertname, firing }];
  });
}

let rules = '';
let tests = '';

beforeAll(async () => {
  const rulesFiles = await filesIn(PROMETHEUS, '.rules.yml');
  const testFiles = await filesIn(TESTS, '.yml');
  rules = (await Promise.all(rulesFiles.map((file) => fs.readFile(file, 'utf8')))).join('\n');
  tests = (await Promise.all(testFiles.map((file) => fs.readFile(file, 'utf8')))).join('\n');
});

describe('prometheus/*.rules.yml', () => {
  it('defines the alerts of the design, in one group named npu-watch', () => {
    expect([...rules.matchAll(/^ *- name: *(\S+)/gm)].map((m) => m[1])).toEqual(['npu-watch']);
    expect(alertRules(rules).map((rule) => rule.name).sort()).toEqual([...ALERTS].sort());
  });

  it('gives every alert a severity and a summary, description and next step', () => {
    for (const rule of alertRules(rules)) {
      expect(rule.text, rule.name).toMatch(/^ +severity: (info|warning|critical)$/m);
      for (const annotation of ['summary', 'description', 'next_step']) {
        expect(rule.text, `${rule.name} ${annotation}`).toMatch(new RegExp(`^ +${annotation}: \\S`, 'm'));
      }
    }
  });

  it('has, for every alert, a promtool test where it fires and one where it does not', () => {
    const cases = alertCases(tests);
    for (const alert of alertRules(rules).map((rule) => rule.name)) {
      expect(cases.some((c) => c.alertname === alert && c.firing), `${alert} fires in some test`).toBe(true);
      expect(cases.some((c) => c.alertname === alert && !c.firing), `${alert} stays silent in some test`).toBe(true);
    }
    // And no test names an alert that does not exist (a typo would pass as "not firing").
    const names = new Set(alertRules(rules).map((rule) => rule.name));
    for (const c of cases) expect(names.has(c.alertname), c.alertname).toBe(true);
  });

  it('tests flapping and scrape gaps', () => {
    const names = [...tests.matchAll(/^ {2}- name: *(.+)$/gm)].map((m) => m[1] as string);
    expect(names.some((name) => /flapping/.test(name))).toBe(true);
    expect(names.some((name) => /scrape gaps/.test(name))).toBe(true);
    expect(tests).toMatch(/values: '[^']*\bstale\b/);
    expect(tests).toMatch(/values: '[^']*\b_x\d+/);
  });

  it('uses only metrics the daemon exports (the golden scrapes), besides the documented pending ones', async () => {
    const exported = new Set<string>();
    for (const file of await filesIn(GOLDEN, '.metrics')) {
      for (const m of (await fs.readFile(file, 'utf8')).matchAll(/^# HELP (\S+)/gm)) exported.add(m[1] as string);
    }
    expect(exported.has('npuwatch_device_working')).toBe(true);
    const used = new Set([...rules.matchAll(/\bnpuwatch_[a-z_]+/g)].map((m) => m[0]));
    const unknown = [...used].filter((name) => !exported.has(name) && !PENDING_METRICS.has(name));
    expect(unknown).toEqual([]);
  });
});

describe('prometheus/scrape-config.example.yml', () => {
  const file = path.join(PROMETHEUS, 'scrape-config.example.yml');

  it('scrapes job npu-watch at 127.0.0.1:10461 every 30s', async () => {
    const text = await fs.readFile(file, 'utf8');
    expect(text).toMatch(/^ *- job_name: npu-watch$/m);
    expect(text).toMatch(/^ *scrape_interval: 30s$/m);
    expect(text).toMatch(/^ *- targets: \['127\.0\.0\.1:10461'\]$/m);
  });
});
