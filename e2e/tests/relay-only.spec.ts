import { expect, test } from '@playwright/test';
import { byTestId, expectAudioFlowing, expectCallState, remoteAddressesSeen } from '../support/app';
import { bothOnBooking, placeAndAnswer } from '../support/scenario';
import { callHistory, setRelayOnly } from '../support/world';

// Issue 5: a relay-only call (IP privacy) between the two apps, through the real coturn.

const ADDRESS_REVEALING = /\btyp (host|srflx|prflx)\b/;

test('relay-only: the call connects with audio over relay/relay, and neither side ever sees a host or srflx address', async ({
  browser,
}) => {
  const s = await bothOnBooking(browser, 'relay');
  // One party asking is enough: the whole call goes through TURN for both.
  await setRelayOnly(s.customer, true);
  await placeAndAnswer(s.provider.page, s.customer.page, s.provider.name);
  for (const page of [s.customer.page, s.provider.page]) {
    const stats = await expectAudioFlowing(page);
    expect(stats.localCandidateType).toBe('relay');
    expect(stats.remoteCandidateType).toBe('relay');
    const seen = await remoteAddressesSeen(page);
    expect(seen.sdps.length).toBeGreaterThan(0);
    // Protocol 3: the caller's candidates gathered before its offer went out ride in the offer's SDP.
    const inSdps = seen.sdps.flatMap((sdp) => sdp.split(/\r?\n/).filter((l) => l.startsWith('a=candidate:')));
    const all = [...inSdps, ...seen.candidates];
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((c) => ADDRESS_REVEALING.test(c))).toEqual([]);
    expect(all.every((c) => /\btyp relay\b/.test(c))).toBe(true);
  }
  await byTestId(s.provider.page, 'call-end').click();
  await expectCallState(s.customer.page, /ended|idle/i);
  await expect.poll(async () => (await callHistory(s.customer, s.bookingId))[0]?.call_status).toBe('completed');
  await setRelayOnly(s.customer, false);
  await s.close();
});
