import { describe, expect, it } from 'vitest';
import { parseGroupFile } from '../../../src/probes/device/parse-group.js';

describe('parseGroupFile', () => {
  it('maps gids to names', () => {
    const groups = parseGroupFile('root:x:0:\nvideo:x:39:alex\nrender:x:105:\n');
    expect([...groups]).toEqual([[0, 'root'], [39, 'video'], [105, 'render']]);
  });

  it('keeps the first name for a gid, as getgrgid() does', () => {
    expect(parseGroupFile('render:x:105:\nrender2:x:105:\n').get(105)).toBe('render');
  });

  it('skips blank, comment, NIS and malformed lines', () => {
    const groups = parseGroupFile('\n# comment:x:7:\n+::::\nbroken\nnogid:x::\nbad:x:1a:\nrender:x:105:\r\n');
    expect([...groups]).toEqual([[105, 'render']]);
  });

  it('is empty for an empty file', () => {
    expect(parseGroupFile('').size).toBe(0);
  });
});
