import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      '.next-*/**',
      'data/**',
      'server/db/generated/**',
      'public/tldraw/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
    ],
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'prisma', property: '$queryRawUnsafe', message: 'Use tagged $queryRaw.' },
        { object: 'prisma', property: '$executeRawUnsafe', message: 'Use tagged $executeRaw.' },
      ],
    },
  },
];

export default config;
