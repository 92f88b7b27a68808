import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { notRun } from '../../../src/canary/outcome.js';
import type { CheckReport } from '../../../src/report/check-report.js';
import { buildPageModel } from '../../../src/report/page/build-page.js';
import { renderBugReport, upstreamRepositoryOf } from '../../../src/report/page/bug-report.js';
import type { PageModel } from '../../../src/report/page/page-model.js';
import { readIdentifyingStrings, redact } from '../../../src/report/page/redact.js';
import { renderPageHtml } from '../../../src/report/page/render-html.js';
import { renderPageMarkdown } from '../../../src/report/page/render-markdown.js';

const SCRIPT = '<script>alert(1)</script>';
const fakeRuntime = { module: 'openvino-node', fake: false, openvino_version: '2025.1.0', available_devices: ['CPU', 'NPU'], device_versions: {}, properties: {} };

// A report with a failing NPU whose strings come from the host and the runtime.
function reportWith(strings: { version?: string; signature?: string; message?: string; stderr?: string; diagnosis?: CheckReport['diagnosis'] } = {}): CheckReport {
  const canary = {
    ...notRun('compile_crash', strings.message ?? 'the worker died'),
    stage: 'compile' as const,
    signal: 'SIGABRT',
    signature: strings.signature ?? 'ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe',
    stderr_tail: strings.stderr ?? 'Aborted',
    runtime: fakeRuntime,
  };
  return {
    version: '0.0.0-test',
    generated_at: '2025-11-23T08:00:00.000Z',
    canary_pass: null,
    devices: [{ device: 'NPU', runtime: { name: 'openvino-node', kind: 'node', openvino_version: '2025.1.0' }, present: true, openvino_listed: true, working: false, canary, compilers: null, benchmark: null, benchmark_error: null, hardware: null }],
    components: [
      { component: 'intel-npu-driver', version: strings.version ?? '1.16.0-1.fc44', source: 'rpm', update: null },
      { component: 'os', version: 'fedora 43', source: 'os-release', update: null },
    ],
    firmware: null,
    updates: null,
    diagnosis: strings.diagnosis ?? [],
    status: null,
    probes: [],
  };
}

const pageOf = (report: CheckReport): PageModel =>
  buildPageModel({ report, events: [], kernel_lines: [], host: { cpu: null, vendor: null, model: null }, results: [], last_tested: null, next_check: null });

// What Markdown shows as text: code spans and fenced blocks (where `<` is literal, never HTML) taken out.
const outsideCode = (markdown: string) => markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, '').replace(/(`+)[\s\S]*?\1/g, '');

describe('strings from the host and the runtime on the status page', () => {
  const page = pageOf(reportWith({ version: `1.16.0${SCRIPT}`, signature: `ZE_RESULT ${SCRIPT}`, stderr: `abort ${SCRIPT}` }));

  it('HTML: a <script> in a version string and a failure signature is text, never an element', () => {
    const html = renderPageHtml(page, { refresh_seconds: 60, daemon_links: true });
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(`<td>1.16.0&lt;script&gt;alert(1)&lt;/script&gt;</td>`);
    expect(html).toContain(`<code>ZE_RESULT &lt;script&gt;alert(1)&lt;/script&gt;</code>`);
  });

  it('Markdown: the same strings are escaped in text and table cells, and literal only inside code', () => {
    const markdown = renderPageMarkdown(page);
    expect(outsideCode(markdown)).not.toMatch(/<script/i);
    expect(markdown).toContain('| intel-npu-driver | 1.16.0&lt;script>alert(1)&lt;/script> | rpm |');
    expect(markdown).toContain('- Signature: `` ZE_RESULT <script>alert(1)</script> ``'.replace('`` ', '` ').replace(' ``', ' `'));
  });
});

describe('report --bug', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-bug-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('replaces the user names, home directories and host name it finds (passwd under the etc root, $HOME, os.hostname())', () => {
    fs.writeFileSync(
      path.join(dir, 'passwd'),
      'root:x:0:0:root:/root:/bin/bash\nbin:x:1:1:bin:/bin:/sbin/nologin\nalice:x:1000:1000:Alice:/home/alice:/bin/bash\nnobody:x:65534:65534:Kernel Overflow User:/:/sbin/nologin\n',
    );
    const strings = readIdentifyingStrings(dir, { HOME: '/var/home/bob' });
    const host = os.hostname();
    const page = pageOf(
      reportWith({
        message: `cannot load the OpenVINO runtime: Cannot find module '/home/alice/.npm/openvino-node' (alice@${host}) via /usr/bin/node`,
        stderr: `Traceback: File "/var/home/bob/venv/lib/python3.13/site-packages/openvino/__init__.py"\n${host} alice: Aborted`,
      }),
    );
    const text = redact(renderBugReport(page, 'NPU'), strings);
    expect(text).not.toContain('alice');
    expect(text).not.toContain('/home/');
    expect(text).not.toContain('/var/home/bob');
    if (host.length > 3) expect(text).not.toContain(host);
    expect(text).toContain("Cannot find module '~/.npm/openvino-node' (<user>@<host>) via /usr/bin/node");
    expect(text).toContain('File "~/venv/lib/python3.13/site-packages/openvino/__init__.py"');
  });

  it("has every field of OpenVINO's bug template, the driver's version and a runnable reproduction", () => {
    const text = renderBugReport(pageOf(reportWith()), 'NPU');
    for (const field of ['OpenVINO Version', 'Operating System', 'Device used for inference', 'Framework', 'Model used', 'Issue description', 'Step by step reproduction', 'Relevant log output']) {
      expect(text).toMatch(new RegExp(`^### ${field}\\n\\n\\S`, 'm'));
    }
    expect(text).toMatch(/^2025\.1\.0 \(openvino-node\)$/m);
    expect(text).toContain('- intel-npu-driver 1.16.0-1.fc44 (rpm)');
    expect(text).toContain('compiled = core.compile_model(model, "NPU", {"NPU_BYPASS_UMD_CACHING": "YES"})');
  });

  it('sends a compile that fails in the driver\'s compiler to intel/linux-npu-driver, anything else to openvinotoolkit/openvino', () => {
    const driver = pageOf(reportWith({ stderr: 'L0 pfnCreate2 result: ZE_RESULT_ERROR_UNKNOWN, code 0x7ffffffe' }));
    expect(upstreamRepositoryOf(driver, driver.errors[0]!).repository).toBe('intel/linux-npu-driver');
    const plugin = pageOf(reportWith({ signature: 'Exception from src/plugins/intel_npu/src/plugin/src/plugin.cpp', stderr: 'Aborted' }));
    expect(upstreamRepositoryOf(plugin, plugin.errors[0]!).repository).toBe('openvinotoolkit/openvino');
    const firmware = pageOf(reportWith({ stderr: 'Aborted', signature: 'x', diagnosis: [{ id: 'npu-firmware-missing', summary: 's', evidence: [], next_step: 'n' }] }));
    expect(upstreamRepositoryOf(firmware, firmware.errors[0]!).repository).toBe('intel/linux-npu-driver');
  });
});
