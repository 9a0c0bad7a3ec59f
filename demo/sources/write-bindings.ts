/**
 * Writes data/bindings/demo.json from the catalogue and the demo source definitions:
 *   node dist/demo/sources/write-bindings.js           (after npm run build)
 *   node dist/demo/sources/write-bindings.js --check   (fails if the file is not current)
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repositoryRoot } from '../population/index.js';
import { BINDINGS_FILE, demoBindings, demoBindingsText } from './bindings.js';

const file = join(repositoryRoot(), BINDINGS_FILE);
const text = demoBindingsText();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // missing: reported below
  }
  if (current !== text) {
    console.error(`${BINDINGS_FILE} is not current: run node dist/demo/sources/write-bindings.js`);
    process.exit(1);
  }
  console.log(`${BINDINGS_FILE} is current`);
} else {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  const bindings = demoBindings();
  const fields = bindings.reduce((n, b) => n + Object.keys(b.fields).length, 0);
  console.log(`wrote ${BINDINGS_FILE}: ${bindings.length} bindings mapping ${fields} items`);
}
