/**
 * The Node flag that resolves the @calling packages to their TypeScript sources (their `exports` name dist/
 * otherwise): every process the tests and benchmarks start on the sources, through tsx, passes it.
 */
export const SOURCE_CONDITION = '--conditions=@calling/source';
