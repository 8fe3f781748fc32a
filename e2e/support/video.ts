import { type Browser, chromium, expect, type Page } from '@playwright/test';
import { byTestId } from './app';
import { CHROMIUM, chromiumArgs } from './chromium';

/** The video line of the page's open peer connection, from getStats() and its transceiver. */
export interface VideoStats {
  /** Frames of the peer's camera decoded here, and their size. */
  framesDecoded: number;
  frameWidth: number;
  frameHeight: number;
  bytesReceived: number;
  /** This side's camera as sent: bytes, frames encoded and their size. */
  bytesSent: number;
  framesEncoded: number;
  sentWidth: number;
  sentHeight: number;
  /** The video sender has a camera track on it (null track: nothing sent). */
  senderTrack: boolean;
  /** Candidate types of the transport the video line runs on. */
  localCandidateType: string | null;
  remoteCandidateType: string | null;
  signalingStates: string[];
}

export function videoStats(page: Page): Promise<VideoStats> {
  return page.evaluate(async () => {
    const w = window as unknown as { __calling: { pcs: RTCPeerConnection[] } };
    const pcs = w.__calling.pcs.filter((pc) => pc.connectionState !== 'closed' && pc.signalingState !== 'closed');
    const out = {
      framesDecoded: 0,
      frameWidth: 0,
      frameHeight: 0,
      bytesReceived: 0,
      bytesSent: 0,
      framesEncoded: 0,
      sentWidth: 0,
      sentHeight: 0,
      senderTrack: false,
      localCandidateType: null as string | null,
      remoteCandidateType: null as string | null,
      signalingStates: pcs.map((pc) => pc.signalingState as string),
    };
    for (const pc of pcs) {
      const line = pc.getTransceivers().find((t) => t.receiver.track?.kind === 'video');
      if (line?.sender.track) out.senderTrack = true;
      const byId = new Map<string, Record<string, unknown>>();
      (await pc.getStats()).forEach((s) => {
        byId.set(s.id, s as Record<string, unknown>);
      });
      for (const s of byId.values()) {
        if (s.kind !== 'video') continue;
        if (s.type === 'inbound-rtp') {
          out.framesDecoded += Number(s.framesDecoded ?? 0);
          out.frameWidth = Number(s.frameWidth ?? 0);
          out.frameHeight = Number(s.frameHeight ?? 0);
          out.bytesReceived += Number(s.bytesReceived ?? 0);
          const transport = byId.get(String(s.transportId));
          const pair = byId.get(String(transport?.selectedCandidatePairId));
          out.localCandidateType = String(byId.get(String(pair?.localCandidateId))?.candidateType ?? '') || null;
          out.remoteCandidateType = String(byId.get(String(pair?.remoteCandidateId))?.candidateType ?? '') || null;
        }
        if (s.type === 'outbound-rtp') {
          out.bytesSent += Number(s.bytesSent ?? 0);
          out.framesEncoded += Number(s.framesEncoded ?? 0);
          out.sentWidth = Number(s.frameWidth ?? 0);
          out.sentHeight = Number(s.frameHeight ?? 0);
        }
      }
    }
    return out;
  });
}

/** The peer's camera reaches this page: frames keep being decoded (more than `min` over `ms`). */
export async function expectFramesDecoding(page: Page, min = 5, ms = 700) {
  const before = await videoStats(page);
  await expect
    .poll(async () => (await videoStats(page)).framesDecoded - before.framesDecoded, {
      timeout: 10_000,
      intervals: [ms],
    })
    .toBeGreaterThan(min);
  return videoStats(page);
}

/** The page decodes its peer's camera at the size the peer's page sends it. */
export async function expectFrameSizeAsSent(receiver: Page, sender: Page) {
  await expect
    .poll(async () => {
      const [inbound, outbound] = [await videoStats(receiver), await videoStats(sender)];
      return `${inbound.frameWidth}x${inbound.frameHeight} decoded, ${outbound.sentWidth}x${outbound.sentHeight} sent`;
    })
    .toMatch(/^([1-9]\d*x[1-9]\d*) decoded, \1 sent$/);
  return videoStats(receiver);
}

/** This page sends no video: no track on the sender, and its video bytes stop rising. */
export async function expectNoVideoSent(page: Page) {
  await expect.poll(async () => (await videoStats(page)).senderTrack).toBe(false);
  // Packets already in the pacer may still go out just after the track came off.
  await page.waitForTimeout(300);
  const before = (await videoStats(page)).bytesSent;
  await page.waitForTimeout(1000);
  expect((await videoStats(page)).bytesSent).toBe(before);
}

/** The call screen shows both cameras (or neither): the page's own small view and the peer's large one. */
export async function expectVideoPanes(page: Page, panes: { self: boolean; peer: boolean }) {
  await expect(byTestId(page, 'call-self-video')).toHaveCount(panes.self ? 1 : 0);
  await expect(byTestId(page, 'call-peer-video')).toHaveCount(panes.peer ? 1 : 0);
  await expect(byTestId(page, 'call-camera')).toHaveAttribute('aria-checked', String(panes.self));
}

/** Presses `testId` on every page at the same instant (a timer in each page; the pages share one clock). */
export async function pressTogether(pages: Page[], testId: string, leadMs = 300) {
  const at = Date.now() + leadMs;
  await Promise.all(
    pages.map((page) =>
      page.evaluate(
        ({ id, when }) =>
          new Promise<void>((resolve, reject) => {
            setTimeout(() => {
              const button = document.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;
              if (!button) return reject(new Error(`no ${id} to press`));
              button.click();
              resolve();
            }, when - Date.now());
          }),
        { id: testId, when: at },
      ),
    ),
  );
}

/** Everything a page reported as an error on its console or as an uncaught exception, from now on. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

/**
 * A browser whose media requests are answered by the permissions, not by the fake UI (which grants every
 * request, whatever the permission says): there a camera can be refused as a person refuses it.
 */
export function launchBrowserAsking(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: chromiumArgs().filter((a) => !a.startsWith('--use-fake-ui-for-media-stream')),
  });
}

/** Refuses the camera to the page's origin (in a browser from launchBrowserAsking); the microphone stays granted. */
export async function denyCamera(browser: Browser, page: Page) {
  const session = await page.context().newCDPSession(page);
  const { targetInfo } = await session.send('Target.getTargetInfo');
  await session.detach();
  const root = await browser.newBrowserCDPSession();
  await root.send('Browser.setPermission', {
    permission: { name: 'camera' },
    setting: 'denied',
    origin: new URL(page.url()).origin,
    browserContextId: targetInfo.browserContextId,
  });
  // Left attached: Chromium drops the permission settings made in a session (the context's grants too) when it
  // detaches, and the camera would be asked for again.
}
