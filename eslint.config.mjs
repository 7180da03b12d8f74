// ESLint 10 reads only flat config. The rules stay in .eslintrc.json and are
// translated here, so there is a single place to change them.
import { readFileSync } from 'node:fs';
import { FlatCompat } from '@eslint/eslintrc';
import js from '@eslint/js';

const compat = new FlatCompat({
  baseDirectory: import.meta.dirname,
  recommendedConfig: js.configs.recommended,
  allConfig: js.configs.all,
});
const rules = JSON.parse(
  readFileSync(new URL('./.eslintrc.json', import.meta.url), 'utf8'),
);

export default [
  { ignores: ['dist/**', 'node_modules/**', 'bin/**', 'scripts/**', '**/*.mjs'] },
  ...compat.config(rules),
];
