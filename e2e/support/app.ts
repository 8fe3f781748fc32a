import { expect, type Page } from '@playwright/test';
import type { Account } from './world';

export const byTestId = (page: Page, id: string) => page.getByTestId(id);

/** Signs in and waits for the bookings screen, which may have no booking yet. */
export async function signIn(page: Page, account: Account) {
  await byTestId(page, 'login-phone').fill(account.phone);
  await byTestId(page, 'login-password').fill(account.password);
  await byTestId(page, 'login-submit').click();
  await expect(byTestId(page, 'open-settings')).toBeVisible({ timeout: 15_000 });
}

/** Signs in and waits for the account's bookings to be listed. */
export async function login(page: Page, account: Account) {
  await signIn(page, account);
  await expect(byTestId(page, 'booking-item').first()).toBeVisible({ timeout: 15_000 });
}

/** Text shaped like the start of a UUID: no id of any kind is for a person's eyes. */
export const UUID_SHAPED = /[0-9a-f]{8}-[0-9a-f]{4}-/i;

/** A call phase's or a program's name where a person should read words ("idle · ready for calls" was one). */
export const DEVELOPER_WORDS = /\bidle\b|\bundefined\b|\bnull\b|\[object /i;

/** Nothing the page shows (its whole visible text, the call overlay's included) carries an id or developer words. */
export async function expectNoIdsShown(page: Page, where: string) {
  const text = await page.evaluate(() => document.body.innerText);
  expect(text, `visible text on ${where}`).not.toMatch(UUID_SHAPED);
  expect(text, `visible text on ${where}`).not.toMatch(DEVELOPER_WORDS);
}

/** A booking's card in the bookings list, found by its id, which it carries only as its element id (nativeID). */
export const bookingItem = (page: Page, bookingId: string) => page.locator(`[id="booking-${bookingId}"]`);

export async function openBooking(page: Page, bookingId: string) {
  await bookingItem(page, bookingId).click();
  await expect(byTestId(page, 'call-button')).toBeVisible({ timeout: 10_000 });
}

/** The call's phase (idle, calling, ringing, connecting, connected, reconnecting, ended): the status line's data-phase. */
export async function expectCallState(page: Page, state: RegExp | string, timeout = 15_000) {
  const pattern = typeof state === 'string' ? new RegExp(`^${state}$`, 'i') : state;
  await expect(byTestId(page, 'call-state')).toHaveAttribute('data-phase', pattern, { timeout });
}

export interface AudioStats {
  packetsReceived: number;
  bytesReceived: number;
  totalAudioEnergy: number;
  audioLevel: number;
  codec: string | null;
  localCandidateType: string | null;
  remoteCandidateType: string | null;
  livePcs: number;
}

/** Inbound audio of the page's open peer connection, from getStats(). */
export function audioStats(page: Page): Promise<AudioStats> {
  return page.evaluate(async () => {
    const w = window as unknown as { __calling: { pcs: RTCPeerConnection[] } };
    const pcs = w.__calling.pcs.filter((pc) => pc.connectionState !== 'closed');
    const out = {
      packetsReceived: 0,
      bytesReceived: 0,
      totalAudioEnergy: 0,
      audioLevel: 0,
      codec: null as string | null,
      localCandidateType: null as string | null,
      remoteCandidateType: null as string | null,
      livePcs: pcs.length,
    };
    for (const pc of pcs) {
      const stats = await pc.getStats();
      const byId = new Map<string, Record<string, unknown>>();
      stats.forEach((s) => {
        byId.set(s.id, s as Record<string, unknown>);
      });
      for (const s of byId.values()) {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') {
          out.packetsReceived += Number(s.packetsReceived ?? 0);
          out.bytesReceived += Number(s.bytesReceived ?? 0);
          out.totalAudioEnergy += Number(s.totalAudioEnergy ?? 0);
          out.audioLevel = Math.max(out.audioLevel, Number(s.audioLevel ?? 0));
          const codec = byId.get(String(s.codecId));
          if (codec) out.codec = String(codec.mimeType);
        }
        if (s.type === 'transport' && s.selectedCandidatePairId) {
          const pair = byId.get(String(s.selectedCandidatePairId));
          out.localCandidateType = String(byId.get(String(pair?.localCandidateId))?.candidateType ?? '') || null;
          out.remoteCandidateType = String(byId.get(String(pair?.remoteCandidateId))?.candidateType ?? '') || null;
        }
      }
    }
    return out;
  });
}

/** Asserts audio is arriving: packets and energy rising over a second, Opus, a real level for the tone. */
export async function expectAudioFlowing(page: Page) {
  const before = await audioStats(page);
  await page.waitForTimeout(1000);
  const after = await audioStats(page);
  expect(after.packetsReceived - before.packetsReceived).toBeGreaterThan(25);
  expect(after.bytesReceived).toBeGreaterThan(before.bytesReceived);
  expect(after.totalAudioEnergy).toBeGreaterThan(before.totalAudioEnergy);
  expect(after.codec).toBe('audio/opus');
  expect(after.audioLevel).toBeGreaterThan(0.1);
  return after;
}

/** Every microphone track the page ever opened is stopped, and no peer connection is left open. */
export async function expectMediaReleased(page: Page) {
  await expect
    .poll(() =>
      page.evaluate(() => {
        const w = window as unknown as { __calling: { pcs: RTCPeerConnection[]; tracks: MediaStreamTrack[] } };
        return {
          liveTracks: w.__calling.tracks.filter((t) => t.readyState !== 'ended').length,
          openPcs: w.__calling.pcs.filter((pc) => pc.connectionState !== 'closed' && pc.signalingState !== 'closed')
            .length,
          tracksEverOpened: w.__calling.tracks.length,
        };
      }),
    )
    .toMatchObject({ liveTracks: 0, openPcs: 0 });
}

export async function remoteAddressesSeen(page: Page) {
  return page.evaluate(() => {
    const w = window as unknown as { __calling: { remoteSdps: string[]; remoteCandidates: string[] } };
    return { sdps: w.__calling.remoteSdps, candidates: w.__calling.remoteCandidates };
  });
}
