// One lint run for the whole tree: type-aware rules catch unawaited promises, which in a daemon
// become silently lost work.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      '.azurite/',
      '.local/',
      'test/fixtures/',
      'eslint.config.js',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The durable HTTP API reaches instances only through the engine's DurableInstances interface.
    files: ['local/host/durable/http/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../DurableRuntime.js', '../store/*Store.js', '!../store/InstanceStore.js'],
              message:
                'Use the DurableInstances interface (local/host/durable/DurableInstances.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    // Orchestrators and the generators they delegate to replay: no clock, randomness or I/O.
    files: [
      'client-app/sync/orchestrat*.ts',
      'client-app/**/orchestrat*/**/*.ts',
      'client-app/sync/runInWindow.ts',
      'client-app/sync/settleAll.ts',
      'client-app/sync/retryDelay.ts',
      'client-app/sync/runTrace.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', 'fs', 'http', 'https', 'net', 'crypto', '@azure/*', 'p-retry'] },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Use context.df.currentUtcDateTime.' },
        { object: 'Math', property: 'random', message: 'Use context.df.newGuid.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Use context.df.currentUtcDateTime.',
        },
      ],
    },
  },
);
