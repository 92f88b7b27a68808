import { isTextKnownFailure, type KnownFailure } from './known-failure.js';

// The README's generated section listing the knowledge base, between these two lines.
export const README_TABLE_START = '<!-- known-failures:start (generated from KNOWN_FAILURES by `npm run readme:known-failures`; do not edit) -->';
export const README_TABLE_END = '<!-- known-failures:end -->';

// The Markdown table of the knowledge base (pure): id, what fails, where npu-watch sees it, the fix, the thread.
export function renderKnownFailuresTable(failures: readonly KnownFailure[]): string {
  if (failures.length === 0) return '_No entries yet._';
  const rows = failures.map((failure) => {
    const where = (isTextKnownFailure(failure) ? failure.seen_in.join(', ') : 'the facts (no text of its own)') + (failure.devices === 'gpu' ? ' (GPU)' : failure.devices === 'any' ? ' (any device)' : '');
    return `| \`${failure.id}\` | ${cell(failure.title)} | ${where} | ${cell(failure.fix)} | [${threadName(failure.source)}](${failure.source}) |`;
  });
  return ['| id | what fails | where it is seen | fix | source |', '|---|---|---|---|---|', ...rows].join('\n');
}

// README text with its generated section replaced by `table`; an error when the markers are missing.
export function withKnownFailuresTable(readme: string, table: string): string {
  const start = readme.indexOf(README_TABLE_START);
  const end = readme.indexOf(README_TABLE_END);
  if (start === -1 || end < start) throw new Error(`README.md has no "${README_TABLE_START}" … "${README_TABLE_END}" section`);
  return `${readme.slice(0, start + README_TABLE_START.length)}\n${table}\n${readme.slice(end)}`;
}

// The README's generated section as it stands (between the markers, without them); null without the markers.
export function knownFailuresSection(readme: string): string | null {
  const start = readme.indexOf(README_TABLE_START);
  const end = readme.indexOf(README_TABLE_END);
  if (start === -1 || end < start) return null;
  return readme.slice(start + README_TABLE_START.length, end).replace(/^\n/, '').replace(/\n$/, '');
}

// "intel/linux-npu-driver#113" for a GitHub issue or pull request; the address itself otherwise.
function threadName(url: string): string {
  const match = /^https:\/\/github\.com\/([^/]+\/[^/]+)\/(?:issues|pull)\/(\d+)/.exec(url);
  return match ? `${match[1]}#${match[2]}` : url;
}

// One table cell: no line breaks, no unescaped pipes.
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}
