import { describeRuntimeRef } from '../canary/runtime-ref.js';
import { diagnosedRuntime, runtimesOf } from './facts.js';
import { DIAGNOSIS_RULES } from './rules.js';
import type { DiagnoseFacts, Diagnosis, DiagnosisRule } from './types.js';

// The whole Root Cause Analysis (pure): runs each rule in the list's order and keeps what it finds, except
// the rules an earlier finding suppresses. With more than one runtime in the pass, a diagnosis of one runtime's
// canary names that runtime: "The NPU canary fails: … (OpenVINO 2025.1.0 (python3))".
export function diagnose(facts: DiagnoseFacts, rules: readonly DiagnosisRule[] = DIAGNOSIS_RULES): Diagnosis[] {
  const runtime = runtimesOf(facts).length > 1 ? diagnosedRuntime(facts) : null;
  const suppressed = new Set<string>();
  const found: Diagnosis[] = [];
  for (const rule of rules) {
    if (suppressed.has(rule.id)) continue;
    const diagnosis = rule.diagnose(facts);
    if (diagnosis === null) continue;
    const scoped = runtime !== null && (rule.scope ?? 'runtime') === 'runtime';
    found.push({
      ...diagnosis,
      ...(scoped ? { summary: `${diagnosis.summary} (${describeRuntimeRef(runtime)})`, runtime } : {}),
      see: diagnosis.see ?? [],
    });
    if (rule.suppressesWhen?.(facts) ?? true) for (const id of rule.suppresses ?? []) suppressed.add(id);
  }
  return found;
}
