import fs from 'node:fs';
import type { KnownFailureText } from '../../src/diagnosis/known-failures/known-failure.js';

// One test/fixtures/known-failures/<id>.txt file: a real failure's text, verbatim, with its source.
export interface KnownFailureFixture {
  id: string;
  source: string;
  post: string;
  // Where npu-watch meets the text; `thread` for an entry recognised from the facts alone (the text is the thread's
  // own evidence, which npu-watch never reads).
  where: FixtureWhere;
  lines: string[];
}

export type FixtureWhere = KnownFailureText | 'thread';

const DIR = new URL('../fixtures/known-failures/', import.meta.url);
const WHERE: readonly FixtureWhere[] = ['canary', 'benchmark', 'kernel', 'thread'];

// The fixture file of entry `id` (what the fake runtime's replay scenario is given).
export function knownFailureFixturePath(id: string): string {
  return new URL(`${id}.txt`, DIR).pathname;
}

// Reads and checks one fixture; a malformed file is an error naming the file and what is wrong.
export function readKnownFailureFixture(id: string): KnownFailureFixture {
  const file = new URL(`${id}.txt`, DIR);
  const text = fs.readFileSync(file, 'utf8');
  const separator = text.indexOf('\n---\n');
  if (separator === -1) throw new Error(`${file.pathname}: no "---" line between the header and the text`);
  const header = new Map(
    text
      .slice(0, separator)
      .split('\n')
      .map((line) => /^([a-z]+): (.+)$/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => [match[1]!, match[2]!.trim()]),
  );
  const field = (name: string) => {
    const value = header.get(name);
    if (!value) throw new Error(`${file.pathname}: no "${name}:" line in the header`);
    return value;
  };
  const where = field('where') as FixtureWhere;
  const replay = header.get('replay') ?? 'exception';
  if (replay !== 'exception' && replay !== 'abort') throw new Error(`${file.pathname}: replay is "${replay}", expected exception or abort`);
  if (replay === 'abort' && where !== 'canary') throw new Error(`${file.pathname}: "replay: abort" is for where: canary only`);
  if (!WHERE.includes(where)) throw new Error(`${file.pathname}: where is "${where}", expected one of ${WHERE.join(', ')}`);
  const lines = text.slice(separator + 5).replace(/\n$/, '').split('\n');
  return { id, source: field('source'), post: field('post'), where, lines };
}

// Every fixture file's id (for "no fixture without an entry").
export function knownFailureFixtureIds(): string[] {
  return fs
    .readdirSync(DIR)
    .filter((name) => name.endsWith('.txt'))
    .map((name) => name.slice(0, -4))
    .sort();
}
