import { cp } from 'node:fs/promises';
import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.base';

export default defineConfig(
  libraryBuild(
    { index: 'src/index.ts', cli: 'src/cli.ts' },
    {
      target: 'node20',
      platform: 'node',
      // The migration runner reads its .sql files beside the built code (dist/migrations/).
      onSuccess: () => cp('src/store/migrations', 'dist/migrations', { recursive: true }),
    },
  ),
);
