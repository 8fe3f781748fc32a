import { deleteItemAsync, getItemAsync, setItemAsync } from 'expo-secure-store';
import type { SessionStorage } from './types';

/** iOS/Android: the token lives in the Keychain / Keystore. */
export const sessionStorage: SessionStorage = {
  load: (key) => getItemAsync(key),
  save: (key, value) => setItemAsync(key, value),
  remove: (key) => deleteItemAsync(key),
};
