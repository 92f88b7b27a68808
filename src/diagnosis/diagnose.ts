import { DIAGNOSIS_RULES } from './rules.js';
import type { DiagnoseFacts, Diagnosis, DiagnosisRule } from './types.js';

// The whole Root Cause Analysis (pure): runs each rule in the list's order and keeps what it finds, except
// the rules an earlier finding suppresses.
export function diagnose(facts: DiagnoseFacts, rules: readonly DiagnosisRule[] = DIAGNOSIS_RULES): Diagnosis[] {
  const suppressed = new Set<string>();
  const found: Diagnosis[] = [];
  for (const rule of rules) {
    if (suppressed.has(rule.id)) continue;
    const diagnosis = rule.diagnose(facts);
    if (diagnosis === null) continue;
    found.push({ ...diagnosis, see: diagnosis.see ?? [] });
    if (rule.suppressesWhen?.(facts) ?? true) for (const id of rule.suppresses ?? []) suppressed.add(id);
  }
  return found;
}
