#!/usr/bin/env node
// Puts openvino-node's published type declarations, for the exact version package.json names, under
// .cache/openvino-node/ so `tsc` checks our calls against them. `npm pack` fetches the tarball and
// runs none of its scripts (the package's own install step downloads a native runtime we may not reach).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).optionalDependencies['openvino-node'];
const target = path.join(root, '.cache', 'openvino-node');
const stamp = path.join(target, 'VERSION');

if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === version) process.exit(0);

fs.rmSync(target, { recursive: true, force: true });
fs.mkdirSync(target, { recursive: true });
try {
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', `openvino-node@${version}`, '--json', '--pack-destination', target, '--loglevel=error'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  execFileSync('tar', ['-xzf', path.join(target, packed.filename), '-C', target, '--strip-components=1', 'package/types', 'package/package.json']);
  fs.rmSync(path.join(target, packed.filename));
} catch (error) {
  console.error(`fetch-openvino-types: could not get openvino-node@${version}'s declarations from the npm registry: ${error.message}`);
  process.exit(1);
}
if (!fs.existsSync(path.join(target, 'types', 'index.d.ts'))) {
  console.error(`fetch-openvino-types: openvino-node@${version} has no types/index.d.ts`);
  process.exit(1);
}
fs.writeFileSync(stamp, `${version}\n`);
