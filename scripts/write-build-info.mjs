#!/usr/bin/env node
// Records the git revision npu-watch is built from in dist/build-info.json, so `npu-watch --version` can say it
// without running git at run time (like node_exporter's `-ldflags -X ...version.Revision`, set at build time).
// "unknown" when this directory is not the top of a git checkout (e.g. an unpacked npm tarball inside some
// other repository, whose HEAD would be the wrong revision) or git is missing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

let revision = 'unknown';
try {
  if (fs.realpathSync(git('rev-parse', '--show-toplevel')) === fs.realpathSync(root)) revision = git('rev-parse', '--short=7', 'HEAD');
} catch {
  // not a git checkout, or no git: "unknown"
}
fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
fs.writeFileSync(path.join(root, 'dist', 'build-info.json'), `${JSON.stringify({ revision })}\n`);
