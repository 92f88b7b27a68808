import fsp from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY_RESULTS } from '../../src/canary/types.js';
import { REPO, eventually, startDaemon, writeFixtureConfig, type RunningDaemon } from '../helpers/cli.js';
import { fakeRuntimeToml, fakeScenario } from '../helpers/fake-runtime.js';
import { commandsWith, materializeHost, type MaterializedHost } from '../helpers/host-fixture.js';
import { startPrometheus, type RunningPrometheus } from '../helpers/prometheus.js';

// The shipped Grafana dashboard, checked without Grafana: its JSON names no data source but its own variable, and
// every query in it (variables substituted as Grafana would) parses and returns data from a real Prometheus that
// scraped the real daemon running the fake runtime through a driver update that breaks the NPU and one that fixes it.

type Json = Record<string, unknown>;
const GRAFANA = path.join(REPO, 'grafana');
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };
// The test daemon's configured NPU range: not a round default, so the band can only come from the config.
const EXPECTED_NPU: [number, number] = [21, 33];
const dashboard = JSON.parse(await fsp.readFile(path.join(GRAFANA, 'npu-watch.json'), 'utf8')) as Json;

const list = (value: unknown) => (Array.isArray(value) ? (value as Json[]) : []);
const variables = list((dashboard.templating as Json | undefined)?.list);
const annotations = list((dashboard.annotations as Json | undefined)?.list);
// Panels, with those nested in collapsed rows.
const panels = list(dashboard.panels).flatMap((panel) => [panel, ...list(panel.panels)]);
const variable = (name: string) => variables.find((v) => v.name === name);

// Every query in the dashboard: where it is, its PromQL, and how Grafana runs it (range for annotations).
interface DashboardQuery {
  where: string;
  expr: string;
  range: boolean;
}
function dashboardQueries(): DashboardQuery[] {
  const queries: DashboardQuery[] = [];
  for (const panel of panels) {
    for (const target of list(panel.targets)) {
      queries.push({ where: `panel "${String(panel.title)}" query ${String(target.refId)}`, expr: String(target.expr), range: false });
    }
  }
  for (const annotation of annotations) {
    queries.push({ where: `annotation "${String(annotation.name)}"`, expr: String(annotation.expr), range: true });
  }
  for (const v of variables.filter((v) => v.type === 'query')) {
    const query = typeof v.query === 'string' ? v.query : String((v.query as Json).query);
    queries.push({ where: `variable $${String(v.name)}`, expr: variableQueryAsPromQL(query), range: false });
  }
  return queries;
}

// Grafana's Prometheus variable functions, as the PromQL that returns the same label values.
function variableQueryAsPromQL(query: string): string {
  const labelValues = /^label_values\(\s*(.+?)\s*,\s*(\w+)\s*\)$/.exec(query.trim());
  if (labelValues) return `group by (${labelValues[2]}) (${labelValues[1]})`;
  const queryResult = /^query_result\((.*)\)$/s.exec(query.trim());
  if (queryResult) return queryResult[1]!;
  throw new Error(`variable query ${query}: not a form this test translates`);
}

// Substitutes variables like Grafana: $x, ${x} and [[x]]. An unknown name throws (a dangling reference).
function substitute(expr: string, values: Record<string, string>): string {
  return expr.replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]/g, (whole, a?: string, b?: string, c?: string) => {
    const name = (a ?? b ?? c)!;
    const value = values[name];
    if (value === undefined) throw new Error(`${expr}: unknown variable ${whole}`);
    return value;
  });
}

// Grafana's regex escaping of a multi-value variable inside a PromQL string (=~"..."): `.` becomes `\\.`.
const promRegexEscape = (value: string) => value.replace(/\\/g, '\\\\\\\\').replace(/[$^*{}[\]'+?.()|]/g, '\\\\$&');

function variableValues(instance: string, runtime = 'openvino-node'): Record<string, string> {
  return { instance: promRegexEscape(instance), runtime: promRegexEscape(runtime), __rate_interval: '1m', __interval: '15s', __range: '1h' };
}

// Every value of `key` anywhere below `node`, with the path to it.
function findKey(node: unknown, key: string, at = '$'): { at: string; value: unknown; parent: Json }[] {
  if (Array.isArray(node)) return node.flatMap((item, index) => findKey(item, key, `${at}[${index}]`));
  if (node === null || typeof node !== 'object') return [];
  const object = node as Json;
  return Object.entries(object).flatMap(([k, v]) => [
    ...(k === key ? [{ at: `${at}.${k}`, value: v, parent: object }] : []),
    ...findKey(v, key, `${at}.${k}`),
  ]);
}

// The canary timeline encodes each result as a number: `(…{result="x"} == 1) * N` in the query, N → x in the mappings.
const timeline = () => panels.find((p) => p.type === 'state-timeline' && String(list(p.targets)[0]?.expr).includes('npuwatch_canary_result'))!;
function timelineCodes(): { fromQuery: Record<string, number>; fromMappings: Record<string, number> } {
  const expr = String(list(timeline().targets)[0]!.expr);
  const fromQuery = Object.fromEntries([...expr.matchAll(/result="(\w+)"\} == 1\) \* (\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
  const mappings = list((((timeline().fieldConfig as Json).defaults as Json).mappings));
  const options = mappings.flatMap((m) => Object.entries((m.options as Record<string, { text: string }>) ?? {}));
  const fromMappings = Object.fromEntries(options.map(([value, { text }]) => [text, Number(value)]));
  return { fromQuery, fromMappings };
}

describe('grafana/npu-watch.json', () => {
  it('has the fixed uid, the title and a recent schema', () => {
    expect(dashboard).toMatchObject({ uid: 'npu-watch', title: 'npu-watch' });
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.id ?? null).toBeNull();
  });

  it('picks its Prometheus through a `datasource` variable and its hosts through `instance`', () => {
    expect(variable('datasource')).toMatchObject({ type: 'datasource', query: 'prometheus' });
    const instance = variable('instance')!;
    expect(instance).toMatchObject({ type: 'query', datasource: DATASOURCE, definition: 'label_values(npuwatch_build_info, instance)' });
    expect((instance.query as Json).query).toBe('label_values(npuwatch_build_info, instance)');
    // Each OpenVINO runtime ([[runtimes]]) is a label of every canary and benchmark series, chosen by $runtime.
    const runtime = variable('runtime')!;
    expect(runtime).toMatchObject({ type: 'query', datasource: DATASOURCE, includeAll: true, multi: true, allValue: '.*' });
    expect((runtime.query as Json).query).toBe('label_values(npuwatch_canary_result{instance=~"$instance"}, runtime)');
    expect(variables.map((v) => v.name)).toEqual(['datasource', 'instance', 'runtime']);
  });

  it('names no data source but its variable: no dangling uids anywhere', () => {
    const references = findKey(dashboard, 'datasource');
    expect(references.length).toBeGreaterThan(0);
    for (const { at, value } of references) expect(value, at).toEqual(DATASOURCE);
    // Every uid is the dashboard's own or the variable's.
    for (const { at, value, parent } of findKey(dashboard, 'uid')) {
      if (parent === dashboard) expect(value).toBe('npu-watch');
      else expect(value, at).toBe('${datasource}');
    }
    // Nothing relies on a default data source: every panel with queries, every query, every annotation names it.
    for (const panel of panels.filter((p) => p.type !== 'row')) {
      expect(panel.datasource, `panel "${String(panel.title)}"`).toEqual(DATASOURCE);
      for (const target of list(panel.targets)) expect(target.datasource, `panel "${String(panel.title)}"`).toEqual(DATASOURCE);
    }
    for (const annotation of annotations) expect(annotation.datasource, String(annotation.name)).toEqual(DATASOURCE);
    expect(JSON.stringify(dashboard)).not.toMatch(/DS_[A-Z]|-- Grafana --|"__inputs"/);
  });

  it('has the panels the issue asks for, on the real metric names', () => {
    const exprs = (type: string) => panels.filter((p) => p.type === type).flatMap((p) => list(p.targets).map((t) => String(t.expr)));
    const has = (type: string, metric: string) => exprs(type).some((expr) => expr.includes(metric));
    expect(has('stat', 'npuwatch_device_working')).toBe(true);
    expect(has('stat', 'npuwatch_canary_success')).toBe(true);
    expect(has('stat', 'npuwatch_probe_success')).toBe(true);
    expect(has('state-timeline', 'npuwatch_canary_result')).toBe(true);
    for (const metric of [
      'npuwatch_benchmark_tokens_per_second',
      'npuwatch_benchmark_time_to_first_token_seconds',
      'npuwatch_benchmark_power_watts',
      'npuwatch_benchmark_energy_joules_per_token',
      'npuwatch_npu_busy_ratio',
      'rate(npuwatch_energy_joules_total',
    ]) expect(has('timeseries', metric), metric).toBe(true);
    expect(has('table', 'npuwatch_component_info')).toBe(true);
    expect(has('table', 'npuwatch_component_update_available{instance=~"$instance"} == 1')).toBe(true);
    // The NPU driver's kernel log events, from the daemon's kernel log follower.
    expect(has('timeseries', 'increase(npuwatch_kernel_events_total')).toBe(true);
    // The expected band is the daemon's configured range.
    expect(has('timeseries', 'npuwatch_expected_min_tokens_per_second')).toBe(true);
    expect(has('timeseries', 'npuwatch_expected_max_tokens_per_second')).toBe(true);
    expect(annotations.map((a) => a.name)).toEqual(['Version changes', 'Device started working', 'Device stopped working']);
    // Annotations must give values >= 1 (Grafana ignores smaller ones) and must not be Grafana's built-in one.
    for (const annotation of annotations) expect(annotation.builtIn ?? 0).toBe(0);
  });

  it('maps every canary result to its own code in the state timeline, the same in query and mappings', () => {
    const { fromQuery, fromMappings } = timelineCodes();
    expect(Object.keys(fromQuery).sort()).toEqual([...CANARY_RESULTS].sort());
    expect(fromMappings).toEqual(fromQuery);
    expect(new Set(Object.values(fromQuery)).size).toBe(CANARY_RESULTS.length);
  });

  it('lays panels out on the 24-column grid without overlaps, with unique ids', () => {
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cells = new Set<string>();
    for (const panel of panels) {
      const { x, y, w, h } = panel.gridPos as { x: number; y: number; w: number; h: number };
      expect(x + w, String(panel.title)).toBeLessThanOrEqual(24);
      for (let row = y; row < y + h; row++) {
        for (let column = x; column < x + w; column++) {
          const cell = `${row},${column}`;
          expect(cells.has(cell), `${String(panel.title)} overlaps at ${cell}`).toBe(false);
          cells.add(cell);
        }
      }
    }
  });

  it('substitutes to PromQL with no unresolved variable', () => {
    const values = variableValues('127.0.0.1:10461');
    for (const query of dashboardQueries()) expect(substitute(query.expr, values), query.where).not.toContain('$');
    expect(substitute('x{instance=~"$instance"}', values)).toBe('x{instance=~"127\\\\.0\\\\.0\\\\.1:10461"}');
  });
});

describe('grafana/provisioning', () => {
  it('provides the dashboard from /var/lib/grafana/dashboards/npu-watch through a file provider', async () => {
    const text = await fsp.readFile(path.join(GRAFANA, 'provisioning/dashboards/npu-watch.yml'), 'utf8');
    expect(text).toMatch(/^apiVersion: 1$/m);
    expect(text).toMatch(/^\s+type: file$/m);
    expect(text).toMatch(/^\s+path: \/var\/lib\/grafana\/dashboards\/npu-watch$/m);
  });

  it('has an example Prometheus data source', async () => {
    const text = await fsp.readFile(path.join(GRAFANA, 'provisioning/datasources/prometheus.example.yml'), 'utf8');
    expect(text).toMatch(/^apiVersion: 1$/m);
    expect(text).toMatch(/^\s+type: prometheus$/m);
    expect(text).toMatch(/^\s+url: http:\/\/127\.0\.0\.1:9090$/m);
  });
});

// A bin whose `journalctl -f` is the following stand-in (test/fixtures/kernel-follow), fed this host's captured
// kernel log (outputs/journalctl-dmesg.txt, whose MESSAGEs are real; cursors and times are the test's), while the
// inventory's one-shot `journalctl --dmesg` stays the host's own stand-in.
async function followedKernelLog(host: MaterializedHost): Promise<{ bin: string; env: Record<string, string> }> {
  const standIn = path.join(REPO, 'test/fixtures/kernel-follow/journalctl');
  const feed = path.join(host.root, 'kernel-feed.jsonl');
  const runs = path.join(host.root, 'kernel-runs.jsonl');
  const lines = (await fsp.readFile(path.join(host.root, 'outputs/journalctl-dmesg.txt'), 'utf8')).split('\n').filter((l) => l !== '');
  const now = Date.now() * 1000;
  await fsp.writeFile(feed, lines.map((MESSAGE, i) => `${JSON.stringify({ __CURSOR: `s=host;i=${i}`, __REALTIME_TIMESTAMP: String(now), MESSAGE })}\n`).join(''));
  await fsp.writeFile(runs, '');
  const bin = await commandsWith(
    host,
    'journalctl',
    `#!/bin/sh\ncase " $* " in\n  *" -f "*) exec '${standIn}' "$@" ;;\n  *) exec '${host.bin}/journalctl' "$@" ;;\nesac\n`,
  );
  return { bin, env: { KERNEL_FEED: feed, KERNEL_RUNS: runs } };
}

describe('every dashboard query against a real Prometheus scraping the daemon', () => {
  let host: MaterializedHost;
  let daemon: RunningDaemon | undefined;
  let prometheus: RunningPrometheus | undefined;
  let scenarioFile: string;
  let configFile: string;
  let target: string;
  let startedAt: number;
  const params = () => ({ power_sysfs: host.paths.sysfs, npu_tokens_per_second: 25 });

  interface ApiResponse {
    status: string;
    error?: string;
    data?: { resultType: string; result: { metric: Record<string, string>; value?: [number, string]; values?: [number, string][] }[] };
  }
  // Runs one query the way Grafana would (instant, or a range over the whole test); never throws on a PromQL error.
  async function run(expr: string, range: boolean): Promise<ApiResponse> {
    const url = new URL(range ? '/api/v1/query_range' : '/api/v1/query', prometheus!.url);
    url.searchParams.set('query', expr);
    if (range) {
      url.searchParams.set('start', String(startedAt / 1000 - 5));
      url.searchParams.set('end', String(Date.now() / 1000));
      url.searchParams.set('step', '1');
    }
    return (await (await fetch(url)).json()) as ApiResponse;
  }
  const present = async (promql: string) => (await prometheus!.query(promql)).length > 0;

  // The rpm stand-in's answer now names `version` for intel-npu-driver: a driver "update" landing.
  async function installDriver(version: string) {
    const file = path.join(host.root, 'outputs/rpm-q.txt');
    const text = await fsp.readFile(file, 'utf8');
    await fsp.writeFile(file, text.replace(/^intel-npu-driver\t0\t[^\t]+\t/m, `intel-npu-driver\t0\t${version}\t`));
  }
  const switchScenario = (scenario: string) => fsp.writeFile(scenarioFile, JSON.stringify({ scenario, ...params() }));

  beforeAll(async () => {
    startedAt = Date.now();
    host = await materializeHost('fedora43-lunarlake');
    const scenario = await fakeScenario('working', params());
    scenarioFile = scenario.file;
    // Host probes (inventory, RAPL energy) every 2 s; canaries only on start and on a version change (a scheduled
    // one could be running when the version changes, and skip that run); one failed canary makes a device broken.
    configFile = await writeFixtureConfig(
      host.paths,
      `${fakeRuntimeToml({ benchmark: true })}\n[power]\nbaseline_seconds = 0.2\n\n[status]\nfailures_to_broken = 1\n\n` +
        `[expected_tokens_per_second]\nNPU = ${JSON.stringify(EXPECTED_NPU)}\n\n` +
        `[schedule]\nprobes = "*/2 * * * * *"\ncanary = "0 0 1 1 *"\n\n[http]\nlisten = "127.0.0.1:0"\n`,
    );
    // The kernel log panel needs a followed kernel log: this host's captured boot log, as journal records.
    const kernel = await followedKernelLog(host);
    daemon = await startDaemon(configFile, { bin: kernel.bin, env: { ...scenario.env, ...kernel.env } });
    target = new URL(daemon.url).host;
    prometheus = await startPrometheus(target);

    // 1. working: canary and benchmark pass on the NPU, with power and busy figures.
    await eventually(
      async () => (await present('npuwatch_device_working{device="NPU"} == 1')) && (await present('npuwatch_npu_busy_ratio{device="NPU"}')),
      'the NPU working with its benchmark in Prometheus',
    );
    // 2. a driver update that breaks it: the daemon re-runs the canary on the version change.
    await switchScenario('fedora43');
    await installDriver('1.17.0');
    await eventually(() => present('npuwatch_device_working{device="NPU"} == 0'), 'the NPU broken after driver 1.17.0');
    // 3. a driver update that fixes it.
    await switchScenario('working');
    await installDriver('1.18.0');
    await eventually(
      async () =>
        (await present('npuwatch_device_working{device="NPU"} == 1')) &&
        (await present('npuwatch_component_info{component="intel-npu-driver",version="1.18.0-1.fc44"}')) &&
        (await present('npuwatch_canary_runs_total{device="NPU"} >= 3')),
      'the NPU working again after driver 1.18.0',
    );
  }, 200_000);

  afterAll(async () => {
    await prometheus?.stop();
    if (daemon) expect(await daemon.stop()).toEqual({ exitCode: 0, signal: null });
    await host?.cleanup();
    if (scenarioFile) await fsp.rm(path.dirname(scenarioFile), { recursive: true, force: true });
    if (configFile) await fsp.rm(path.dirname(configFile), { recursive: true, force: true });
  });

  it('every query parses', async () => {
    const values = variableValues(target);
    const failures: string[] = [];
    for (const query of dashboardQueries()) {
      const response = await run(substitute(query.expr, values), query.range);
      if (response.status !== 'success') failures.push(`${query.where}: ${response.error}`);
    }
    expect(failures).toEqual([]);
  });

  it('every query returns data: panel targets and variables now, annotations over the run', async () => {
    const values = variableValues(target);
    const queries = dashboardQueries();
    let failures: string[] = [];
    // rate() and changes() need a few scrapes; everything else is there already.
    await eventually(
      async () => {
        failures = [];
        for (const query of queries) {
          const response = await run(substitute(query.expr, values), query.range);
          if (response.status !== 'success') failures.push(`${query.where}: ${response.error}`);
          else if (response.data!.result.length === 0) failures.push(`${query.where}: no data for ${substitute(query.expr, values)}`);
        }
        return failures.length === 0;
      },
      'every dashboard query to return data',
    ).catch(() => undefined);
    expect(failures).toEqual([]);
    expect(queries.length).toBeGreaterThanOrEqual(20);
  });

  it('the $instance variable lists the daemon, and $instance selects it', async () => {
    const query = dashboardQueries().find((q) => q.where === 'variable $instance')!;
    const result = await prometheus!.query(substitute(query.expr, variableValues(target)));
    expect(result.map((r) => r.metric.instance)).toEqual([target]);
    const other = await prometheus!.query(substitute('npuwatch_build_info{instance=~"$instance"}', variableValues(`x${target}`)));
    expect(other).toEqual([]);
  });

  it('the $runtime variable lists the daemon\'s runtime, and $runtime selects it', async () => {
    const query = dashboardQueries().find((q) => q.where === 'variable $runtime')!;
    const result = await prometheus!.query(substitute(query.expr, variableValues(target)));
    expect(result.map((r) => r.metric.runtime)).toEqual(['openvino-node']);
    const timelineExpr = String(list(timeline().targets)[0]!.expr);
    expect((await prometheus!.query(substitute(timelineExpr, variableValues(target)))).length).toBeGreaterThan(0);
    expect(await prometheus!.query(substitute(timelineExpr, variableValues(target, 'python3')))).toEqual([]);
  });

  it('the annotations mark both driver versions and both state changes of the NPU', async () => {
    const values = variableValues(target);
    const annotation = async (name: string) => {
      const expr = String(annotations.find((a) => a.name === name)!.expr);
      return (await run(substitute(expr, values), true)).data!.result;
    };
    const versions = (await annotation('Version changes')).filter((r) => r.metric.component === 'intel-npu-driver');
    expect(versions.map((r) => r.metric.version).sort()).toEqual(['1.17.0-1.fc44', '1.18.0-1.fc44']);
    for (const series of versions) expect(series.values!.every(([, v]) => Number(v) >= 1)).toBe(true);
    const stopped = await annotation('Device stopped working');
    const started = await annotation('Device started working');
    expect(stopped.map((r) => r.metric.device)).toEqual(['NPU']);
    expect(started.map((r) => r.metric.device)).toEqual(['NPU']);
    // The NPU stopped before it started again.
    expect(stopped[0]!.values![0]![0]).toBeLessThan(started[0]!.values!.at(-1)![0]);
    // The CPU control never changed: no annotation for it.
  });

  it('the canary timeline shows the NPU going ok → compile_crash → ok, under the mapped names', async () => {
    const { fromMappings } = timelineCodes();
    const expr = substitute(String(list(timeline().targets)[0]!.expr), variableValues(target));
    const result = (await run(expr, true)).data!.result;
    const npu = result.find((r) => r.metric.device === 'NPU')!;
    const codes = npu.values!.map(([, v]) => Number(v)).filter((code, index, all) => index === 0 || all[index - 1] !== code);
    expect(codes).toEqual([fromMappings.ok, fromMappings.compile_crash, fromMappings.ok]);
    const cpu = result.find((r) => r.metric.device === 'CPU')!;
    expect(new Set(cpu.values!.map(([, v]) => Number(v)))).toEqual(new Set([fromMappings.ok]));
  });

  it('the tokens/s band is the daemon\'s configured NPU range, around the fake runtime\'s 25 tok/s NPU', async () => {
    const values = variableValues(target);
    const panel = panels.find((p) => p.title === 'Decode tokens/s')!;
    const [rate, min, max] = await Promise.all(list(panel.targets).map(async (t) => prometheus!.query(substitute(String(t.expr), values))));
    expect(min!.map((r) => Number(r.value[1]))).toEqual([EXPECTED_NPU[0]]);
    expect(max!.map((r) => Number(r.value[1]))).toEqual([EXPECTED_NPU[1]]);
    // Measured, so a loaded machine moves it a little (canary-scenarios checks its precision); inside the band.
    const npu = Number(rate!.find((r) => r.metric.device === 'NPU')!.value[1]);
    expect(npu).toBeGreaterThan(EXPECTED_NPU[0]);
    expect(npu).toBeLessThan(EXPECTED_NPU[1]);
  });
});
