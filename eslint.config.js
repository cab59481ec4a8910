/**
 * Lint: typescript-eslint's recommended rules, and the house's one-way data flow.
 *
 * The layers, lowest first (README › Architecture): each may import only layers below it.
 *   src/text → src/corpus → src/search (+ src/knowledge.ts) → src/answers
 *   → src/store (beside the answers; neither imports the other)
 *   → commands/, src/command.ts, src/services.ts, src/conversation
 *   → src/console | src/discord → src/main.ts
 * Transports (console, Discord) reach search only through src/answers; production code never
 * imports tests/. Import strings are matched as written ('../search/analyze.js'), which is
 * enough because every import of our own code is relative.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Import-string patterns naming each layer. */
const LAYER = {
  corpus: ['**/corpus/**'],
  search: ['**/search/**'],
  /** The knowledge base: the corpus and its index, built once; every layer above search takes one. */
  knowledge: ['**/knowledge.js'],
  answers: ['**/answers/**'],
  store: ['**/store/**'],
  commands: ['**/commands/**', '**/command.js', '**/services.js'],
  conversation: ['**/conversation/**'],
  console: ['**/console/**'],
  discord: ['**/discord/**'],
  entry: ['**/main.js'],
  infra: ['**/config.js', '**/log.js'],
  tests: ['**/tests/**'],
};

/** The layers listed in LAYER after `name`: what the lowest layers may not import. */
const above = (name) => Object.keys(LAYER).slice(Object.keys(LAYER).indexOf(name) + 1);

/** Each group of files once, with the layers it may not import (a rule set twice would override). */
const BOUNDARIES = [
  [['src/text/**'], Object.keys(LAYER), 'src/text is the bottom layer: it imports no other layer.'],
  [['src/corpus/**'], above('corpus'), 'src/corpus imports only src/text.'],
  [['src/search/**'], above('search'), 'src/search imports only src/corpus and src/text.'],
  [
    ['src/answers/**'],
    ['store', 'commands', 'conversation', 'console', 'discord', 'entry', 'infra', 'tests'],
    'src/answers imports only search, corpus and text.',
  ],
  [
    ['src/store/**'],
    ['search', 'knowledge', 'answers', 'commands', 'conversation', 'console', 'discord', 'entry', 'tests'],
    'src/store sits beside the answers: corpus and text only.',
  ],
  [
    ['commands/**', 'src/command.ts', 'src/services.ts'],
    ['search', 'console', 'discord', 'entry', 'tests'],
    'Commands reach search only through src/answers and know nothing of the transports.',
  ],
  [['src/conversation/**'], ['console', 'discord', 'entry', 'tests'], 'Conversations know nothing of the transports.'],
  [
    ['src/console/**'],
    ['search', 'discord', 'entry', 'tests'],
    'The console reaches search only through src/answers, and is not Discord.',
  ],
  [
    ['src/discord/**'],
    ['search', 'console', 'entry', 'tests'],
    'Discord reaches search only through src/answers, and is not the console.',
  ],
  [['scripts/**'], ['tests'], 'Scripts are tools, not tests: shared helpers live in scripts/lib.'],
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'var/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      // `_`-prefixed parameters are there for a signature (a handler that ignores its context).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Sanitisers match control characters on purpose (they strip them from echoed text).
      'no-control-regex': 'off',
    },
  },
  {
    // The launcher and build scripts are plain Node ESM.
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  ...BOUNDARIES.map(([files, layers, why]) => ({
    files,
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: layers.flatMap((l) => LAYER[l]), message: why }] }],
    },
  })),
);
