// Maps each TOML key path ("canary.timeout_seconds") to the 1-based line that sets it, and each
// table ("canary") to its header line, so schema errors can name a line. Covers what npu-watch's
// config uses: [table] headers, [[array]] tables (each element "runtimes.0", "runtimes.1", … as zod's issue paths
// name them), bare and dotted keys, quoted keys; multi-line values are skipped.
export function findKeyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const elements = new Map<string, number>();
  let table: string[] = [];
  let inMultiline: string | null = null;
  text.split(/\r?\n/).forEach((raw, index) => {
    const lineNo = index + 1;
    if (inMultiline) {
      if (raw.includes(inMultiline)) inMultiline = null;
      return;
    }
    const arrayHeader = /^\s*\[\[\s*([^\][]+?)\s*\]\]\s*(#.*)?$/.exec(raw);
    if (arrayHeader?.[1]) {
      const array = splitKey(arrayHeader[1]);
      const index = elements.get(array.join('.')) ?? 0;
      elements.set(array.join('.'), index + 1);
      table = [...array, String(index)];
      remember(lines, array.join('.'), lineNo);
      remember(lines, table.join('.'), lineNo);
      return;
    }
    const header = /^\s*\[\s*([^\][]+?)\s*\]\s*(#.*)?$/.exec(raw);
    if (header?.[1]) {
      table = splitKey(header[1]);
      remember(lines, table.join('.'), lineNo);
      return;
    }
    const assignment = /^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=(.*)$/.exec(raw);
    if (assignment?.[1]) {
      const keyPath = [...table, ...splitKey(assignment[1])];
      for (let i = 1; i <= keyPath.length; i += 1) remember(lines, keyPath.slice(0, i).join('.'), lineNo);
      const value = assignment[2] ?? '';
      const opener = /^\s*("""|''')/.exec(value)?.[1];
      if (opener && value.indexOf(opener, value.indexOf(opener) + 3) === -1) inMultiline = opener;
    }
  });
  return lines;
}

function splitKey(key: string): string[] {
  return (key.match(/"[^"]*"|'[^']*'|[^.\s]+/g) ?? []).map((part) => part.replace(/^["']|["']$/g, ''));
}

function remember(lines: Map<string, number>, key: string, lineNo: number): void {
  if (!lines.has(key)) lines.set(key, lineNo);
}
