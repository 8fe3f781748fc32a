import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.base';

// File by file, not bundled: Metro picks the platform's file (index.native / index.web) at the app's build, as
// React Native libraries ship. Declarations come from tsc (tsconfig.build.json).
export default defineConfig(
  libraryBuild({}, { entry: ['src/**/*.ts', 'src/**/*.tsx', '!src/**/*.d.ts'], bundle: false, dts: false }),
);
