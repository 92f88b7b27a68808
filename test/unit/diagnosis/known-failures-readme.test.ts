import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KNOWN_FAILURES } from '../../../src/diagnosis/known-failures/index.js';
import type { KnownFailure } from '../../../src/diagnosis/known-failures/known-failure.js';
import { knownFailuresSection, renderKnownFailuresTable, withKnownFailuresTable } from '../../../src/diagnosis/known-failures/readme-table.js';

const README = new URL('../../../README.md', import.meta.url);

const entry = (overrides: Partial<KnownFailure> = {}): KnownFailure => ({
  id: 'an-entry',
  title: 'what | fails',
  seen_in: ['canary', 'benchmark'],
  pattern: /x/,
  meaning: 'm',
  fix: 'upgrade\nthe driver',
  source: 'https://github.com/intel/linux-npu-driver/issues/1',
  ...overrides,
});

describe("the README's knowledge-base table", () => {
  it('is what `npm run readme:known-failures` writes from KNOWN_FAILURES', () => {
    const section = knownFailuresSection(fs.readFileSync(README, 'utf8'));
    expect(section, 'README.md has lost its generated knowledge-base section markers').not.toBeNull();
    expect(section, "README.md's knowledge-base table is out of date: run `npm run readme:known-failures`").toBe(renderKnownFailuresTable(KNOWN_FAILURES));
  });

  it('has a row per entry: id, what fails, where, fix and the thread, each on one line with pipes escaped', () => {
    const table = renderKnownFailuresTable([entry(), entry({ id: 'on-gpu', devices: 'gpu', seen_in: ['canary'], source: 'https://bugzilla.redhat.com/show_bug.cgi?id=1' })]);
    expect(table.split('\n')).toEqual([
      '| id | what fails | where it is seen | fix | source |',
      '|---|---|---|---|---|',
      '| `an-entry` | what \\| fails | canary, benchmark | upgrade the driver | [intel/linux-npu-driver#1](https://github.com/intel/linux-npu-driver/issues/1) |',
      '| `on-gpu` | what \\| fails | canary (GPU) | upgrade the driver | [https://bugzilla.redhat.com/show_bug.cgi?id=1](https://bugzilla.redhat.com/show_bug.cgi?id=1) |',
    ]);
  });

  it('replaces only the generated section, and says so when the markers are gone', () => {
    const readme = fs.readFileSync(README, 'utf8');
    const rewritten = withKnownFailuresTable(readme, 'NEW TABLE');
    expect(knownFailuresSection(rewritten)).toBe('NEW TABLE');
    expect(withKnownFailuresTable(rewritten, renderKnownFailuresTable(KNOWN_FAILURES))).toBe(readme);
    expect(() => withKnownFailuresTable('# no markers\n', 'x')).toThrow(/README.md has no "<!-- known-failures:start/);
  });
});
