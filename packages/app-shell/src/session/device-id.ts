import type { SessionStorage } from './types';

/**
 * This app instance's id, kept across launches: the server binds a call to it and keeps this device's push
 * target under it, so a push-woken app is the same device that registered. Not a secret (the token is).
 */
export async function loadDeviceId(storage: SessionStorage, key: string): Promise<string> {
  const stored = await storage.load(key).catch(() => null);
  if (stored && /^[A-Za-z0-9_-]{8,64}$/.test(stored)) return stored;
  let id = 'd';
  while (id.length < 24) id += Math.random().toString(36).slice(2);
  const fresh = id.slice(0, 24);
  await storage.save(key, fresh).catch(() => {});
  return fresh;
}
