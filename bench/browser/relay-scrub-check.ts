/**
 * The relay-only check of bench/video-negotiation.ts: the server's privateSdp on SDP a design relays after the
 * call started must leave no candidate but relay and no address in c=, o= or a=rtcp.
 */

import { privateSdp } from '../../packages/server/src/calls/relay-privacy';

export interface ScrubCheck {
  what: string;
  sections: string[];
  candidatesBefore: Record<string, number>;
  candidatesAfter: Record<string, number>;
  addressesAfter: string[];
  ok: boolean;
}

function candidateTypes(sdp: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of sdp.matchAll(/^a=candidate:.*\btyp\s+(\w+)/gm)) out[m[1] as string] = (out[m[1] as string] ?? 0) + 1;
  return out;
}

/** privateSdp on an SDP from the page: no candidate but relay, no address in c=, o= or a=rtcp. */
export function scrub(what: string, sdp: string): ScrubCheck {
  const after = privateSdp({ type: 'offer', sdp }).sdp;
  const candidatesAfter = candidateTypes(after);
  const addressesAfter = [...after.matchAll(/^(?:c=IN IP[46] |a=rtcp:\d+ IN IP[46] |o=.* IN IP[46] )(\S+)/gm)].map(
    (m) => m[1] as string,
  );
  const leaked = addressesAfter.filter((x) => x !== '0.0.0.0' && x !== '127.0.0.1');
  const oOk = /^o=.* IN IP4 127\.0\.0\.1$/m.test(after);
  const cOk = [...after.matchAll(/^c=IN IP[46] (\S+)/gm)].every((m) => m[1] === '0.0.0.0');
  return {
    what,
    sections: [...sdp.matchAll(/^m=(\w+)/gm)].map((m) => m[1] as string),
    candidatesBefore: candidateTypes(sdp),
    candidatesAfter,
    addressesAfter: [...new Set(addressesAfter)],
    ok:
      sdp.length > 0 &&
      Object.keys(candidatesAfter).every((t) => t === 'relay') &&
      leaked.length === 0 &&
      oOk &&
      cOk &&
      !/raddr (?!0\.0\.0\.0)/.test(after),
  };
}
