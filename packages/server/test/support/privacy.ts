import { createdPhones } from '../../src/testing';

/**
 * The "no phone number ever leaves the server" check, for every server suite: test sockets and `api()` record
 * what they receive here, the harness and REST sign-ups say which phones exist, and `privacy-setup.ts` checks it
 * all after each test file. Module state, so one registry per test file.
 */

/** Anything a test socket received: events, acks, connect_error data. */
export interface SocketRecord {
  event: string;
  payload: unknown;
}
/** One REST reply seen by `api()`, with the requester (the token's `sub`, if any). */
export interface RestRecord {
  method: string;
  path: string;
  requesterId: string | null;
  text: string;
}

export const socketRecords: SocketRecord[] = [];
export const restRecords: RestRecord[] = [];
/** Phones seen outside the harness (REST sign-ups and logins, demo accounts): phone → owner id, when known. */
const otherPhones = new Map<string, string | null>();

/** Harness phones look like +1999 and seven digits; any such text in a reply is a leak even if unregistered. */
const HARNESS_PHONE = /\+1999\d{7}/g;
const PHONE_LIKE = /^\+\d{6,19}$/;

export function notePhone(phone: unknown, ownerId: string | null) {
  if (typeof phone !== 'string' || !PHONE_LIKE.test(phone)) return;
  if (ownerId !== null || !otherPhones.get(phone)) otherPhones.set(phone, ownerId);
}

/** phone → owner id (null: unknown) for every phone this file created or saw. */
export function knownPhones(): Map<string, string | null> {
  return new Map<string, string | null>([...otherPhones, ...createdPhones]);
}

/** The token's `sub`, read without verifying (the server already did). */
export function subOf(token: string | null | undefined): string | null {
  const part = token?.split('.')[1];
  if (!part) return null;
  try {
    const sub = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')).sub;
    return typeof sub === 'string' ? sub : null;
  } catch {
    return null;
  }
}

function phonesIn(text: string, phones: Map<string, string | null>): string[] {
  const found = new Set(text.match(HARNESS_PHONE) ?? []);
  for (const phone of phones.keys()) if (text.includes(phone)) found.add(phone);
  return [...found];
}

/** Every phone number in any payload any socket received. */
export function socketLeaks(records: SocketRecord[], phones: Map<string, string | null>): string[] {
  return records.flatMap((r) =>
    phonesIn(JSON.stringify(r.payload) ?? '', phones).map((p) => `socket ${r.event} carried ${p}`),
  );
}

/**
 * Every phone number in a REST reply, except the requester's own on `/api/me` and the demo accounts list
 * (`GET /api/demo/accounts`, demo mode only, documented in docs/API.md).
 */
export function restLeaks(records: RestRecord[], phones: Map<string, string | null>): string[] {
  return records.flatMap((r) => {
    const path = r.path.split('?')[0];
    if (r.method === 'GET' && path === '/api/demo/accounts') return [];
    const ownAllowed = path === '/api/me' && (r.method === 'GET' || r.method === 'PATCH');
    return phonesIn(r.text, phones)
      .filter((p) => !(ownAllowed && r.requesterId !== null && phones.get(p) === r.requesterId))
      .map((p) => `${r.method} ${r.path} (as ${r.requesterId ?? 'nobody'}) carried ${p}`);
  });
}
