import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../../src/diagnosis/diagnose.js';
import type { DiagnoseFacts } from '../../../../src/diagnosis/types.js';
import { readKnownFailureFixture } from '../../../helpers/known-failure-fixture.js';
import {
  CPU_TOKENS,
  SEED_COMPONENTS,
  UBUNTU_COMPONENTS,
  benchmark,
  device,
  dies,
  inventoryOf,
  judged,
  notListed,
  notStarted,
  passes,
  seedFacts,
} from '../canary-fixtures.js';
import { abortsCompilingLlm } from './npu-compiler-llvm-abort-on-llm.facts.js';

// The structural conditions of the OpenVINO-side entries: each fires only where its thread's situation holds.
const ids = (facts: DiagnoseFacts) => diagnose(facts).map((d) => d.id);
const cpu = () => device('CPU', passes('CPU'));
const notListedWith = (components: typeof UBUNTU_COMPONENTS) =>
  seedFacts(judged(device('NPU', notListed('NPU', ['CPU', 'GPU'])), cpu()), { inventory: inventoryOf(components) });

describe('the NPU compiler aborting on the LLM', () => {
  const llvm = readKnownFailureFixture('npu-compiler-llvm-abort-on-llm').lines;

  it('is named, with the abort quoted, when the canary passed and the LLM compile aborted', () => {
    const found = diagnose(seedFacts(judged(device('NPU', abortsCompilingLlm('NPU', llvm)), cpu()))).find((d) => d.id === 'npu-compiler-llvm-abort-on-llm');
    expect(found?.evidence[0]).toContain('LLVM ERROR: Failed to infer result type(s)');
    expect(found?.next_step).toContain('openvinotoolkit/openvino/issues/34450');
  });

  it('is not named when the canary itself aborted with an LLVM error (then the NPU is what failed)', () => {
    const facts = seedFacts(judged(device('NPU', dies('NPU', { stderr: llvm })), cpu()));
    expect(ids(facts)).not.toContain('npu-compiler-llvm-abort-on-llm');
  });
});

describe('silent garbage from the NPU', () => {
  const table = readKnownFailureFixture('npu-llm-garbage-on-one-generation').lines;

  it("is not named when the NPU's tokens agree with CPU's", () => {
    const npu = { ...passes('NPU', { benchmark: benchmark(31, CPU_TOKENS) }), stderrTail: `${table.join('\n')}\n` };
    const facts = seedFacts(judged(device('NPU', npu), device('CPU', passes('CPU', { benchmark: benchmark(12, CPU_TOKENS) }))));
    expect(ids(facts)).not.toContain('npu-llm-garbage-on-one-generation');
  });
});

describe('OpenVINO not listing the NPU', () => {
  it('blames the missing Level Zero loader only when no loader package is installed (Ubuntu and Fedora names)', () => {
    expect(ids(notListedWith(UBUNTU_COMPONENTS))).not.toContain('npu-not-listed-without-level-zero-loader');
    expect(ids(notListedWith(UBUNTU_COMPONENTS.filter((c) => c.component !== 'libze1')))).toContain('npu-not-listed-without-level-zero-loader');
    expect(ids(notListedWith(SEED_COMPONENTS))).not.toContain('npu-not-listed-without-level-zero-loader');
    expect(ids(notListedWith(SEED_COMPONENTS.filter((c) => c.component !== 'oneapi-level-zero')))).toContain('npu-not-listed-without-level-zero-loader');
  });

  it("blames the missing NPU user-mode driver only when neither Intel's nor Fedora's package is installed", () => {
    expect(ids(notListedWith(UBUNTU_COMPONENTS))).not.toContain('npu-not-listed-without-npu-user-mode-driver');
    expect(ids(notListedWith(SEED_COMPONENTS))).not.toContain('npu-not-listed-without-npu-user-mode-driver');
    expect(ids(notListedWith(SEED_COMPONENTS.filter((c) => c.component !== 'intel-npu-driver')))).toContain('npu-not-listed-without-npu-user-mode-driver');
  });

  it('blames no package when the package database could not be asked (a missing package proves nothing then)', () => {
    const facts = seedFacts(judged(device('NPU', notListed('NPU', ['CPU'])), cpu()), { inventory: null });
    expect(ids(facts)).not.toContain('npu-not-listed-without-level-zero-loader');
    expect(ids(facts)).not.toContain('npu-not-listed-without-npu-user-mode-driver');
  });

  it('blames no package when the NPU has no /dev/accel node (the kernel side is what is missing)', () => {
    const facts = seedFacts(judged(notStarted('NPU', 'device_missing', 'the Lunar Lake NPU has no /dev/accel node (driver: none)'), cpu()), {
      inventory: inventoryOf([]),
    });
    expect(ids(facts)).not.toContain('npu-not-listed-without-level-zero-loader');
    expect(ids(facts)).not.toContain('npu-not-listed-without-npu-user-mode-driver');
  });
});
