// One conclusion drawn from probe results, in the words of the seed's "Root Cause Analysis".
export interface Diagnosis {
  id: string;
  summary: string;
  evidence: string[];
  next_step: string;
}
