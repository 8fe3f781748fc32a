import type { Options } from 'tsup';

/**
 * What every package's build shares: ESM with declarations and source maps in dist/. Dependencies (the other
 * @calling packages included) stay imports; each package ships only its own code.
 */
export const libraryBuild = (entry: Options['entry'], extra: Options = {}): Options => ({
  entry,
  format: 'esm',
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  outDir: 'dist',
  tsconfig: 'tsconfig.build.json',
  ...extra,
});
