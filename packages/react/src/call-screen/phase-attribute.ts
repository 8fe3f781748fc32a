import type { CallPhase } from '@calling/client';

/**
 * The call's phase as `data-phase` on the web (react-native-web renders `dataSet` as data-* attributes), for
 * tests and tools to read without it being shown. React Native has no such prop, hence untyped there.
 */
export const phaseAttribute = (phase: CallPhase): object => ({ dataSet: { phase } });
