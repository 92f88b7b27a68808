import { isMap, isScalar, type Document, type LineCounter, type Node } from 'yaml';

// The 1-based line of a key path in a parsed YAML document: the key's own line (or, for a path that runs
// deeper than the document, the deepest key it has), '?' when none is found.
export function yamlLineOf(doc: Document, counter: LineCounter, keyPath: readonly (string | number)[]): number | '?' {
  let node: unknown = doc.contents;
  let line: number | '?' = '?';
  for (const segment of keyPath) {
    if (!isMap(node)) break;
    const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
    if (!pair) break;
    const key = pair.key as Node;
    if (key.range) line = counter.linePos(key.range[0]).line;
    node = pair.value;
  }
  return line;
}
