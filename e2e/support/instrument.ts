/**
 * Runs in every page before the app: records each RTCPeerConnection and microphone track so tests can read
 * getStats() and check that tracks are released, and turns off audio processing (noise suppression eats a
 * steady test tone). Test-only; the apps know nothing of it.
 */
export function instrumentWebRtc() {
  const w = window as unknown as {
    __calling: {
      pcs: RTCPeerConnection[];
      tracks: MediaStreamTrack[];
      remoteSdps: string[];
      remoteCandidates: string[];
    };
  };
  w.__calling = { pcs: [], tracks: [], remoteSdps: [], remoteCandidates: [] };
  const Original = window.RTCPeerConnection;
  const Patched = function (this: unknown, config?: RTCConfiguration) {
    const pc = new Original(config);
    w.__calling.pcs.push(pc);
    const setRemote = pc.setRemoteDescription.bind(pc);
    pc.setRemoteDescription = (d: RTCSessionDescriptionInit) => {
      if (d?.sdp) w.__calling.remoteSdps.push(d.sdp);
      return setRemote(d);
    };
    const addCandidate = pc.addIceCandidate.bind(pc);
    pc.addIceCandidate = (c?: RTCIceCandidateInit | null) => {
      if (c?.candidate) w.__calling.remoteCandidates.push(c.candidate);
      return addCandidate(c as RTCIceCandidateInit);
    };
    return pc;
  } as unknown as typeof RTCPeerConnection;
  Patched.prototype = Original.prototype;
  Object.defineProperty(Patched, 'generateCertificate', { value: Original.generateCertificate });
  window.RTCPeerConnection = Patched;
  const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
    const audio = constraints?.audio
      ? { echoCancellation: false, noiseSuppression: false, autoGainControl: false }
      : false;
    const stream = await getUserMedia({ ...constraints, audio });
    for (const t of stream.getTracks()) w.__calling.tracks.push(t);
    return stream;
  };
}
