// Renders the help of every command, exactly as commander prints it for
// `--help`, into dist/help.json. The built tool answers `--help` from it
// without loading commander; test/help-texts.test.ts keeps the two equal.
import { writeFileSync } from 'node:fs';
import { renderAllHelp } from '../dist/help-texts.js';

const target = new URL('../dist/help.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(renderAllHelp(), null, 1)}\n`);
