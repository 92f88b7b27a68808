// Writes the knowledge-base table (KNOWN_FAILURES, src/diagnosis/known-failures/) into README.md's generated
// section. Run through `npm run readme:known-failures`, which builds first: it reads the compiled dist/.
// test/unit/diagnosis/known-failures-readme.test.ts fails while the README's section differs from this output.
import fs from 'node:fs';

const root = new URL('../', import.meta.url);
const { KNOWN_FAILURES } = await import(new URL('dist/diagnosis/known-failures/index.js', root).href);
const { renderKnownFailuresTable, withKnownFailuresTable } = await import(new URL('dist/diagnosis/known-failures/readme-table.js', root).href);

const readmeFile = new URL('README.md', root);
const before = fs.readFileSync(readmeFile, 'utf8');
const after = withKnownFailuresTable(before, renderKnownFailuresTable(KNOWN_FAILURES));
if (after === before) {
  console.log(`README.md: the knowledge-base table is up to date (${KNOWN_FAILURES.length} entries)`);
} else {
  fs.writeFileSync(readmeFile, after);
  console.log(`README.md: wrote the knowledge-base table (${KNOWN_FAILURES.length} entries)`);
}
