import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      // Today is a day in Hanoi: toISOString() gives the UTC day, yesterday in Hanoi before 07:00.
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='slice'][callee.object.callee.property.name='toISOString']",
          message: "The UTC day is yesterday in Hanoi before 07:00: use isoDateInHanoi() from '#src/core/vn/format.ts'.",
        },
      ],
    },
  },
  {
    // The pure core: no server, database, web or Node I/O.
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['#src/server/*', '#src/db/*', '#src/web/*', '#src/documents/*', '#src/cli/*'], message: 'src/core stays pure.' },
            { group: ['node:fs', 'node:fs/*', 'node:net', 'node:http', 'node:child_process', 'pg', 'kysely'], message: 'src/core does no I/O.' },
          ],
        },
      ],
    },
  },
  {
    // Repositories hold all SQL (issue 9): a query built or written anywhere else in the server or
    // the CLI is refused. src/db (connection, migrations, query helpers) and the job queue's
    // adapter (src/server/jobs/job-queue.ts, pg-boss's own statements) are the infrastructure.
    files: ['src/server/**/*.ts', 'src/cli/**/*.ts'],
    ignores: ['**/*.repository.ts', '**/*.test.ts', 'src/server/jobs/job-queue.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|mergeInto|replaceInto|selectNoFrom)$/]",
          message: 'SQL lives in the feature\'s *.repository.ts: call a function of it (or add one there).',
        },
        {
          selector: "CallExpression[callee.name=/^(selectFrom|insertInto|updateTable|deleteFrom)$/]",
          message: 'SQL lives in the feature\'s *.repository.ts: call a function of it (or add one there).',
        },
        {
          selector: "TaggedTemplateExpression[tag.name='sql'], CallExpression[callee.object.name='sql']",
          message: 'SQL lives in the feature\'s *.repository.ts: call a function of it (or add one there).',
        },
      ],
    },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.mjs', 'bench/**/*.mjs', 'src/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
