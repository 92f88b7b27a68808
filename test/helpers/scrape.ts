import fs from 'node:fs';
import path from 'node:path';

// Reduces a /metrics scrape to what is stable for a fixed scenario: npuwatch_ series without the
// process/nodejs ones, with durations, timestamps and the Node.js version replaced by placeholders.
export function normalizeScrape(text: string): string {
  return text
    .split('\n')
    .filter((line) => /^(# (HELP|TYPE) )?npuwatch_/.test(line.replace(/^# (HELP|TYPE) /, '# $1 ')))
    .filter((line) => !/npuwatch_(process|nodejs)_/.test(line))
    .map((line) =>
      line
        .replace(/^(npuwatch_\w+_(duration_seconds|timestamp_seconds)(\{[^}]*\})?) .*$/, '$1 <varies>')
        .replace(/node_version="[^"]*"/, 'node_version="<node>"')
        .replace(/version="[^"]*",node_version/, 'version="<npu-watch>",node_version'),
    )
    .join('\n');
}

// Compares with test/fixtures/golden/<name>; UPDATE_GOLDEN=1 rewrites the file instead.
export function golden(name: string, actual: string): string {
  const file = path.resolve(import.meta.dirname, '../fixtures/golden', name);
  if (process.env.UPDATE_GOLDEN === '1' || !fs.existsSync(file)) {
    if (process.env.CI && !fs.existsSync(file)) throw new Error(`golden file ${file} is missing`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
  }
  return fs.readFileSync(file, 'utf8');
}
