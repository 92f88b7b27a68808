// os-release(5): shell-compatible KEY=value lines. Values may be double-quoted (backslash escapes
// \" \\ \$ \` inside), single-quoted (literal), or bare (a backslash escapes the next character).
// Lines starting with '#' and blank lines are ignored; a line that does not parse is skipped.

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ESCAPABLE_IN_DOUBLE_QUOTES = new Set(['"', '\\', '$', '`']);

// Reads one shell-quoted value; null when a quote is left open.
function unquoteValue(raw: string): string | null {
  let value = '';
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i] as string;
    if (ch === '"') {
      i += 1;
      while (i < raw.length && raw[i] !== '"') {
        const next = raw[i + 1];
        if (raw[i] === '\\' && next !== undefined && ESCAPABLE_IN_DOUBLE_QUOTES.has(next)) {
          value += next;
          i += 2;
        } else {
          value += raw[i];
          i += 1;
        }
      }
      if (i >= raw.length) return null;
      i += 1;
    } else if (ch === "'") {
      const end = raw.indexOf("'", i + 1);
      if (end === -1) return null;
      value += raw.slice(i + 1, end);
      i = end + 1;
    } else if (ch === '\\') {
      value += raw[i + 1] ?? '';
      i += 2;
    } else if (/\s/.test(ch)) {
      // Unquoted whitespace ends the value, as it would in a shell assignment.
      break;
    } else {
      value += ch;
      i += 1;
    }
  }
  return value;
}

// Parses os-release text into its variables, e.g. { ID: 'fedora', VERSION_ID: '43', ... }.
export function parseOsRelease(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq);
    if (!KEY.test(key)) continue;
    const value = unquoteValue(line.slice(eq + 1));
    if (value !== null) fields[key] = value;
  }
  return fields;
}
