/** What the page reads from a peer connection's getStats(): video packets and counters, the selected pair. */

/** RTP packets of video, sent and received, on this connection. */
export async function videoPackets(pc: RTCPeerConnection): Promise<number> {
  let n = 0;
  (await pc.getStats()).forEach((s) => {
    if (s.kind !== 'video') return;
    if (s.type === 'inbound-rtp') n += s.packetsReceived ?? 0;
    if (s.type === 'outbound-rtp') n += s.packetsSent ?? 0;
  });
  return n;
}

/** The sender's outbound and the receiver's inbound video counters (why a first frame came late). */
export async function videoCounters(
  sender: RTCPeerConnection,
  receiver: RTCPeerConnection,
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const take = (prefix: string, s: Record<string, unknown>, keys: string[]) => {
    for (const k of keys)
      if (typeof s[k] === 'number') out[`${prefix}.${k}`] = (out[`${prefix}.${k}`] ?? 0) + (s[k] as number);
  };
  (await sender.getStats()).forEach((s) => {
    if (s.type === 'outbound-rtp' && s.kind === 'video')
      take('out', s, ['pliCount', 'firCount', 'nackCount', 'framesEncoded', 'keyFramesEncoded', 'packetsSent']);
  });
  (await receiver.getStats()).forEach((s) => {
    if (s.type === 'inbound-rtp' && s.kind === 'video')
      take('in', s, [
        'pliCount',
        'firCount',
        'nackCount',
        'framesDecoded',
        'keyFramesDecoded',
        'packetsReceived',
        'framesDropped',
      ]);
  });
  return out;
}

/** The selected candidate pair's local/remote candidate types. */
export async function selectedPair(pc: RTCPeerConnection): Promise<string> {
  // biome-ignore lint/suspicious/noExplicitAny: a stats entry's fields depend on its type
  const stats = new Map<string, any>();
  (await pc.getStats()).forEach((s) => {
    stats.set(s.id, s);
  });
  const transport = [...stats.values()].find((s) => s.type === 'transport' && s.selectedCandidatePairId);
  const pair = transport ? stats.get(transport.selectedCandidatePairId) : null;
  if (!pair) return '?';
  const type = (id: string) => stats.get(id)?.candidateType ?? '?';
  return `${type(pair.localCandidateId)}/${type(pair.remoteCandidateId)}`;
}
