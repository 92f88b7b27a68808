// Candidate OpenVINO releases served locally, as try-openvino installs them: fake `openvino` wheels for the real
// pip (--no-index --find-links DIR) and fake openvino-node tarballs made with the real `npm pack`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { FAKE_RUNTIME } from './fake-runtime.js';
import { DEBIAN_PYTHON, FAKE_OPENVINO_PYTHON } from './python-worker.js';

// A wheel of the fake `openvino` package (test/fixtures/fake-openvino-python/openvino) at `version`, with a
// scenario.json inside the package (which overrides NPU_WATCH_FAKE_SCENARIO), written to dir as
// openvino-VERSION-py3-none-any.whl. The minimal wheel of the Binary distribution format specification
// (packaging.python.org/specifications/binary-distribution-format, PEP 427): a ZIP with the package at its root and
// {name}-{version}.dist-info/ holding METADATA (Metadata-Version, Name, Version), WHEEL (Wheel-Version 1.0,
// Root-Is-Purelib, Tag) and RECORD (path,sha256=<urlsafe base64 without padding>,size; RECORD itself with no hash).
// No dependencies: the venv sees Debian's numpy and onnx (--system-site-packages).
export function buildFakeWheel(dir: string, version: string, scenario: Record<string, unknown>): string {
  fs.mkdirSync(dir, { recursive: true });
  const wheel = path.join(dir, `openvino-${version}-py3-none-any.whl`);
  execFileSync(DEBIAN_PYTHON, ['-c', MAKE_WHEEL, path.join(FAKE_OPENVINO_PYTHON, 'openvino'), version, JSON.stringify(scenario), wheel]);
  return wheel;
}

const MAKE_WHEEL = String.raw`
import base64, hashlib, os, sys, zipfile
src, version, scenario, out = sys.argv[1:5]
files = {}
for name in sorted(os.listdir(src)):
    full = os.path.join(src, name)
    if name.endswith('.py'):
        with open(full, 'rb') as f:
            files['openvino/' + name] = f.read()
files['openvino/scenario.json'] = scenario.encode()
info = 'openvino-%s.dist-info/' % version
files[info + 'METADATA'] = ('Metadata-Version: 2.1\nName: openvino\nVersion: %s\nSummary: npu-watch fake openvino (test fixture)\n' % version).encode()
files[info + 'WHEEL'] = b'Wheel-Version: 1.0\nGenerator: npu-watch-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n'
record = []
for name, data in files.items():
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()
    record.append('%s,sha256=%s,%d' % (name, digest, len(data)))
record.append(info + 'RECORD,,')
files[info + 'RECORD'] = ('\n'.join(record) + '\n').encode()
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
    for name, data in files.items():
        z.writestr(name, data)
`;

// An openvino-node package of the fake runtime at `version` (package.json: name openvino-node, main index.mjs; the
// scenario file beside index.mjs overrides the environment), packed by the real `npm pack` into dir as
// openvino-node-VERSION.tgz (npm's own name for it).
export function packFakeOpenvinoNode(dir: string, version: string, scenario: Record<string, unknown>): string {
  const source = path.join(dir, `src-${version}`);
  fs.mkdirSync(source, { recursive: true });
  const fake = path.dirname(FAKE_RUNTIME);
  for (const name of fs.readdirSync(fake)) {
    if (/\.(mjs|d\.mts)$/.test(name)) fs.copyFileSync(path.join(fake, name), path.join(source, name));
  }
  fs.writeFileSync(path.join(source, 'npu-watch-fake-scenario.json'), JSON.stringify(scenario));
  fs.writeFileSync(path.join(source, 'package.json'), JSON.stringify({ name: 'openvino-node', version, main: 'index.mjs', description: 'npu-watch fake openvino-node (test fixture)', license: 'MIT' }));
  execFileSync('npm', ['pack', '--pack-destination', dir, '--loglevel=error'], { cwd: source, stdio: 'ignore' });
  return path.join(dir, `openvino-node-${version}.tgz`);
}
