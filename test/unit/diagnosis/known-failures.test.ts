import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/diagnosis/diagnose.js';
import { KNOWN_FAILURES } from '../../../src/diagnosis/known-failures/index.js';
import { isTextKnownFailure, type KnownFailure } from '../../../src/diagnosis/known-failures/known-failure.js';
import type { DiagnoseFacts } from '../../../src/diagnosis/types.js';
import { knownFailureFixtureIds, readKnownFailureFixture, type KnownFailureFixture } from '../../helpers/known-failure-fixture.js';
import { device, dies, judged, passes, seedFacts, kernelLogOf } from './canary-fixtures.js';

// The facts in which npu-watch meets a fixture's text: an NPU (or GPU) canary that ends with it, a benchmark that
// fails with it, or this boot's kernel log.
function factsMeeting(fixture: KnownFailureFixture, target: 'NPU' | 'GPU'): DiagnoseFacts {
  const cpu = device('CPU', passes('CPU'));
  if (fixture.where === 'kernel') return seedFacts(judged(device('NPU', passes('NPU')), cpu), { kernel_log: kernelLogOf(fixture.lines) });
  if (fixture.where === 'canary') return seedFacts(judged(device(target, dies(target, { stderr: fixture.lines })), cpu));
  const verdicts = judged(device(target, passes(target)), cpu).map((verdict) =>
    verdict.device === target ? { ...verdict, benchmark_error: { stage: 'benchmark_compile' as const, message: fixture.lines.join('\n') } } : verdict,
  );
  return seedFacts(verdicts);
}

// An entry whose rule needs more than the text (a `when`, or recognised from the facts alone) gives its own facts in
// known-failures/<id>.facts.ts, exporting `factsMeeting(fixture)`; every other entry is met as factsMeeting above.
async function factsFor(failure: KnownFailure, fixture: KnownFailureFixture): Promise<DiagnoseFacts> {
  const target = failure.devices === 'gpu' ? 'GPU' : 'NPU';
  if (isTextKnownFailure(failure) && !failure.when) return factsMeeting(fixture, target);
  const own = (await import(`./known-failures/${failure.id}.facts.ts`)) as { factsMeeting: (fixture: KnownFailureFixture) => DiagnoseFacts };
  return own.factsMeeting(fixture);
}

describe('the knowledge base of real failures', () => {
  it('says nothing of a machine where every device works', () => {
    const ids = new Set(KNOWN_FAILURES.map((failure) => failure.id));
    const clean = seedFacts(judged(device('NPU', passes('NPU')), device('GPU', passes('GPU')), device('CPU', passes('CPU'))), { kernel_log: [] });
    expect(diagnose(clean).filter((d) => ids.has(d.id))).toEqual([]);
  });

  it('has a verbatim fixture for every entry and an entry for every fixture', () => {
    expect(knownFailureFixtureIds()).toEqual(KNOWN_FAILURES.map((failure) => failure.id).sort());
  });

  it('names each entry once', () => {
    const ids = KNOWN_FAILURES.map((failure) => failure.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const failure of KNOWN_FAILURES) {
    describe(failure.id, () => {
      const fixture = () => readKnownFailureFixture(failure.id);

      it("keeps its fixture's source, and is met where the fixture says", () => {
        expect(fixture().source).toBe(failure.source);
        expect(failure.source).toMatch(/^https:\/\//);
        // An entry recognised from the facts keeps the thread's own evidence, which npu-watch never reads.
        if (!isTextKnownFailure(failure)) expect(fixture().where).toBe('thread');
        else expect(failure.seen_in).toContain(fixture().where);
      });

      if (isTextKnownFailure(failure)) {
        it('matches a line of the verbatim text', () => {
          expect(fixture().lines.some((line) => failure.pattern.test(line))).toBe(true);
        });
      }

      it('is diagnosed from that text, with its source', async () => {
        const found = diagnose(await factsFor(failure, fixture())).find((d) => d.id === failure.id);
        expect(found, `${failure.id} not diagnosed`).toBeDefined();
        expect(found?.see).toEqual([failure.source]);
        expect(found?.summary).toContain('matches a known failure');
      });
    });
  }
});
