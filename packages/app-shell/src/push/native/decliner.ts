import {
  AFTER_FIRST_UNLOCK_THIS_DEVICE_ONLY,
  deleteItemAsync,
  getItemAsync,
  type SecureStoreOptions,
  setItemAsync,
} from 'expo-secure-store';
import { createDecliner, DECLINE_SESSION_KEY } from './decline';

/**
 * Readable while the phone is locked (after its first unlock): a Decline on the lock screen's CallKit ring runs
 * then, and the app's own session entry uses the default (unlocked only).
 */
const options: SecureStoreOptions = { keychainAccessible: AFTER_FIRST_UNLOCK_THIS_DEVICE_ONLY };

export const decliner = createDecliner({
  load: () => getItemAsync(DECLINE_SESSION_KEY, options),
  save: (value) => setItemAsync(DECLINE_SESSION_KEY, value, options),
  remove: () => deleteItemAsync(DECLINE_SESSION_KEY, options),
});
