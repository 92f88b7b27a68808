import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KNOWN_FAILURES } from '../../../src/diagnosis/known-failures/index.js';
import { DIAGNOSIS_RULES, DIAGNOSIS_RULE_IDS } from '../../../src/diagnosis/rules.js';

const root = new URL('../../../', import.meta.url);
const read = (file: string) => fs.readFileSync(new URL(file, root), 'utf8');

// The ids in the first column of the README's "Diagnosis rules" table, in row order.
function readmeRuleIds(readme: string): string[] {
  const lines = readme.split('\n');
  const start = lines.indexOf('### Diagnosis rules');
  if (start === -1) throw new Error('README.md has no "### Diagnosis rules" section');
  const end = lines.findIndex((line, index) => index > start && line.startsWith('#'));
  return lines
    .slice(start + 1, end === -1 ? undefined : end)
    .map((line) => /^\| `([a-z0-9-]+)` \|/.exec(line)?.[1])
    .filter((id): id is string => id !== undefined);
}

describe('the diagnosis rule list', () => {
  it("is what the README's rule table lists, in the same order (the knowledge base has its own generated table)", () => {
    const known = new Set(KNOWN_FAILURES.map((failure) => failure.id));
    expect(readmeRuleIds(read('README.md'))).toEqual(DIAGNOSIS_RULE_IDS.filter((id) => !known.has(id)));
  });

  it('names each rule once, and each rule suppresses only rules listed after it', () => {
    expect(new Set(DIAGNOSIS_RULE_IDS).size).toBe(DIAGNOSIS_RULE_IDS.length);
    DIAGNOSIS_RULES.forEach((rule, index) => {
      for (const id of rule.suppresses ?? []) expect(DIAGNOSIS_RULE_IDS.indexOf(id), `${rule.id} suppresses ${id}`).toBeGreaterThan(index);
    });
  });

  it('has one file per rule, named by its id, with its test beside it', () => {
    const known = new Set(KNOWN_FAILURES.map((failure) => failure.id));
    for (const id of DIAGNOSIS_RULE_IDS) {
      // A knowledge-base entry: its file is src/diagnosis/known-failures/<id>.ts, its test known-failures.test.ts.
      if (known.has(id)) {
        expect(fs.existsSync(new URL(`src/diagnosis/known-failures/${id}.ts`, root)), id).toBe(true);
        continue;
      }
      expect(fs.existsSync(new URL(`src/diagnosis/rules/${id}.ts`, root)), id).toBe(true);
      expect(fs.existsSync(new URL(`test/unit/diagnosis/rules/${id}.test.ts`, root)), id).toBe(true);
    }
  });
});
