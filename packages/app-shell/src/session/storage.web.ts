import type { SessionStorage } from './types';

/** Browsers: localStorage (each browser profile signs in on its own). */
export const sessionStorage: SessionStorage = {
  load: async (key) => globalThis.localStorage?.getItem(key) ?? null,
  save: async (key, value) => globalThis.localStorage?.setItem(key, value),
  remove: async (key) => globalThis.localStorage?.removeItem(key),
};
