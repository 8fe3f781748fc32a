import { cp } from 'node:fs/promises';
import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.base';

export default defineConfig(
  libraryBuild(
    { index: 'src/index.ts', cli: 'src/cli.ts' },
    {
      target: 'node20',
      platform: 'node',
      // The migration runner reads its .sql files beside the built code (dist/migrations/), and the operators'
      // dashboard its page (dist/dashboard/).
      onSuccess: async () => {
        await cp('src/store/migrations', 'dist/migrations', { recursive: true });
        await cp('src/http/dashboard', 'dist/dashboard', { recursive: true });
      },
    },
  ),
);
