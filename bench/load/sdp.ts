/**
 * Realistic signaling payloads: an audio-only SDP as libwebrtc writes it (the codec list and header extensions
 * of @roamhq/wrtc's createOffer, plus RTCP options of a current Chromium), here as the local description once
 * gathering began, so it already lists the side's candidates (~2.5 KB), with fresh ICE credentials, fingerprint
 * and SSRCs; and the same six candidates trickled (mDNS host over UDP and TCP, server-reflexive and TURN relay).
 * Addresses are documentation ranges: nothing here is ever dialed, they are only strings the server relays.
 */

import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { IceCandidate, SessionDescription } from '@calling/protocol';

const ICE_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/';
const iceString = (n: number) => Array.from(randomBytes(n), (b) => ICE_CHARS[b % 64]).join('');
const fingerprint = () => Array.from(randomBytes(32), (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(':');

export interface Side {
  ufrag: string;
  sdp: SessionDescription;
  candidates: IceCandidate[];
}

function sdpLines(type: 'offer' | 'answer', ufrag: string, cands: IceCandidate[]): string[] {
  const ssrc = randomInt(1, 2 ** 32 - 1);
  const stream = randomUUID();
  const track = randomUUID();
  const cname = iceString(16);
  const offer = type === 'offer';
  return [
    'v=0',
    `o=- ${randomInt(1, 2 ** 48 - 1)}${randomInt(100, 999)} 2 IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    'a=group:BUNDLE 0',
    'a=extmap-allow-mixed',
    `a=msid-semantic: WMS ${stream}`,
    'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 103 104 9 102 0 8 106 105 13 110 112 113 126',
    'c=IN IP4 0.0.0.0',
    'a=rtcp:9 IN IP4 0.0.0.0',
    ...cands.map((c) => `a=${c.candidate}`),
    `a=ice-ufrag:${ufrag}`,
    `a=ice-pwd:${iceString(24)}`,
    'a=ice-options:trickle',
    `a=fingerprint:sha-256 ${fingerprint()}`,
    `a=setup:${offer ? 'actpass' : 'active'}`,
    'a=mid:0',
    'a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level',
    'a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
    'a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
    'a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid',
    'a=sendrecv',
    `a=msid:${stream} ${track}`,
    'a=rtcp-mux',
    'a=rtcp-rsize',
    'a=rtpmap:111 opus/48000/2',
    'a=rtcp-fb:111 transport-cc',
    'a=rtcp-fb:111 nack',
    'a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1;stereo=0;sprop-stereo=0;maxaveragebitrate=32000',
    'a=rtpmap:63 red/48000/2',
    'a=fmtp:63 111/111',
    'a=rtpmap:103 ISAC/16000',
    'a=rtpmap:104 ISAC/32000',
    'a=rtpmap:9 G722/8000',
    'a=rtpmap:102 ILBC/8000',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:106 CN/32000',
    'a=rtpmap:105 CN/16000',
    'a=rtpmap:13 CN/8000',
    'a=rtpmap:110 telephone-event/48000',
    'a=rtpmap:112 telephone-event/32000',
    'a=rtpmap:113 telephone-event/16000',
    'a=rtpmap:126 telephone-event/8000',
    `a=ssrc:${ssrc} cname:${cname}`,
    `a=ssrc:${ssrc} msid:${stream} ${track}`,
  ];
}

function candidates(ufrag: string, n: number): IceCandidate[] {
  const mdns = randomUUID();
  const priv = `192.0.2.${randomInt(2, 250)}`;
  const pub = `198.51.100.${randomInt(2, 250)}`;
  const turn = `203.0.113.${randomInt(2, 250)}`;
  const port = () => randomInt(40_000, 65_000);
  const hostPort = port();
  const srflxPort = port();
  const found = () => randomInt(1e8, 4e9);
  const tail = `generation 0 ufrag ${ufrag} network-id 1 network-cost 10`;
  const lines = [
    `candidate:${found()} 1 udp 2122260223 ${mdns}.local ${hostPort} typ host ${tail}`,
    `candidate:${found()} 1 tcp 1518280447 ${mdns}.local 9 typ host tcptype active ${tail}`,
    `candidate:${found()} 1 udp 1686052607 ${pub} ${srflxPort} typ srflx raddr 0.0.0.0 rport 0 ${tail}`,
    `candidate:${found()} 1 udp 1685987071 ${pub} ${port()} typ srflx raddr ${priv} rport ${hostPort} ${tail}`,
    `candidate:${found()} 1 udp 41885439 ${turn} ${port()} typ relay raddr ${pub} rport ${srflxPort} ${tail}`,
    `candidate:${found()} 1 udp 25108223 ${turn} ${port()} typ relay raddr ${pub} rport ${srflxPort} ${tail}`,
  ];
  return lines.slice(0, n).map((candidate) => ({ candidate, sdpMid: '0', sdpMLineIndex: 0, usernameFragment: ufrag }));
}

/** One side's description and its trickled candidates, fresh for each call. */
export function makeSide(type: 'offer' | 'answer', candidateCount = 6): Side {
  const ufrag = iceString(4);
  const cands = candidates(ufrag, candidateCount);
  return { ufrag, sdp: { type, sdp: `${sdpLines(type, ufrag, cands).join('\r\n')}\r\n` }, candidates: cands };
}
