#!/usr/bin/env node
// CommonJS (see bin/package.json), so that `--version` and `--help` answer
// without starting node's ES module loader; everything else runs `main`.
'use strict';

const { answerWithoutParsing } = require('../dist/quick-answers.cjs');

const argv = process.argv.slice(2);
const quick = answerWithoutParsing(argv, process.stdout);
if (quick === undefined) {
  import('../dist/main.js')
    .then(async ({ main }) => {
      process.exitCode = await main(argv);
    })
    .catch((error) => {
      process.stderr.write(`mimecast-xdr could not start: ${error.stack}\n`);
      process.exitCode = 1;
    });
} else {
  process.exitCode = quick;
}
