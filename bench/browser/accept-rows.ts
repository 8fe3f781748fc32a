/**
 * The rows of the accept-time tables, in order: [key, label]. The keys are what CallMetrics.ms (and, for
 * MESSAGES, CallMetrics.messages) holds; ¹ is explained under the first table (accept-report.ts).
 */

export const HEADLINE: [string, string][] = [
  ['tap→audio caller', 'tap → first audio at the caller (lastPacketReceivedTimestamp, first report with packets)'],
  ['tap→audio receiver', 'tap → first audio at the receiver (same)'],
  ['tap→audio est caller', 'tap → first audio packet at the caller, corrected for the stats cache¹'],
  ['tap→audio est receiver', 'tap → first audio packet at the receiver, corrected¹'],
  ['tap→played caller', 'tap → first audio delivered to the track at the caller (getSynchronizationSources)'],
  ['tap→played receiver', 'tap → first audio delivered to the track at the receiver'],
  ['audio→shown caller', 'first audio (caller, lastPacketReceivedTimestamp) → "connected" on the caller screen'],
  ['audio→shown receiver', 'first audio (receiver, lastPacketReceivedTimestamp) → "connected" on its screen'],
  ['audio est→shown caller', 'first audio packet (caller, corrected¹) → "connected" on the caller screen'],
  ['audio est→shown receiver', 'first audio packet (receiver, corrected¹) → "connected" on its screen'],
  ['tap→shown caller', 'tap → "connected" on the caller screen'],
  ['tap→shown receiver', 'tap → "connected" on the receiver screen'],
];

export const RECEIVER_STEPS: [string, string][] = [
  ['R gum start', 'getUserMedia called'],
  ['R gum end', 'getUserMedia resolved'],
  ['R accept sent', 'call:accept sent'],
  ['R accept ack', 'call:accept ack received (ICE servers)'],
  ['R pc created', 'RTCPeerConnection created'],
  ['R offer received', 'call:offer received'],
  ['R srd start', 'setRemoteDescription(offer) called'],
  ['R srd end', 'setRemoteDescription(offer) resolved'],
  ['R answer start', 'createAnswer called'],
  ['R answer created', 'createAnswer resolved'],
  ['R sld end', 'setLocalDescription(answer) resolved'],
  ['R answer sent', 'call:answer sent'],
  ['R first local cand', 'first local ICE candidate'],
  ['R first remote cand', 'first remote candidate added'],
  ['R ice connected', 'iceConnectionState connected'],
  ['R dtls connected', 'connectionState connected (DTLS)'],
  ['R first audio', 'first audio (lastPacketReceivedTimestamp, first report with packets)'],
  ['R first audio est', 'first audio packet, corrected¹'],
  ['R first played', 'first audio delivered to the track (getSynchronizationSources)'],
  ['R app poll first', "client's first getStats poll (starts at ICE connected)"],
  ['R app saw audio', "client's getStats first showed audio (resolved)"],
  ['R connected sent', 'call:connected sent'],
  ['R shown', '"connected" in the DOM'],
  ['R shown frame', '"connected": next animation frame'],
];

export const CALLER_STEPS: [string, string][] = [
  ['C accepted received', 'call:accepted received'],
  ['C offer sent', 'call:offer sent (made while ringing)'],
  ['C answer received', 'call:answer received'],
  ['C srd start', 'setRemoteDescription(answer) called'],
  ['C srd end', 'setRemoteDescription(answer) resolved'],
  ['C first remote cand', 'first remote candidate added'],
  ['C ice connected', 'iceConnectionState connected'],
  ['C dtls connected', 'connectionState connected (DTLS)'],
  ['C first audio', 'first audio (lastPacketReceivedTimestamp, first report with packets)'],
  ['C first audio est', 'first audio packet, corrected¹'],
  ['C first played', 'first audio delivered to the track (getSynchronizationSources)'],
  ['C app poll first', "client's first getStats poll (starts at ICE connected)"],
  ['C app saw audio', "client's getStats first showed audio (resolved)"],
  ['C connected sent', 'call:connected sent'],
  ['C shown', '"connected" in the DOM'],
  ['C shown frame', '"connected": next animation frame'],
];

/** Durations between two pages' events (not relative to the tap): the server's part and each page's work. */
export const INTERVALS: [string, string][] = [
  ['sig accept→accepted', 'server: call:accept sent (R) → call:accepted received (C)'],
  ['sig accept ack', 'server: call:accept sent → its ack received (R)'],
  ['sig offer relay', 'server: call:offer sent (C) → received (R)'],
  ['sig answer relay', 'server: call:answer sent (R) → received (C)'],
  ['R wait for pc', 'R: call:offer received → peer connection there (mic + ack), 0 if it was first'],
  ['R gum', 'R: getUserMedia duration'],
  ['R srd', 'R: setRemoteDescription(offer) duration'],
  ['R flush', 'R: srd resolved → createAnswer called (held remote candidates added one by one)'],
  ['R answer', 'R: createAnswer called → setLocalDescription(answer) resolved'],
  ['R offer→answer sent', 'R: call:offer received → call:answer sent'],
  ['C srd', 'C: setRemoteDescription(answer) duration'],
  ['C answer→dtls', 'C: call:answer received → connectionState connected'],
  ['C dtls→audio est', 'C: DTLS connected → first audio packet (corrected¹)'],
  ['R dtls→audio est', 'R: DTLS connected → first audio packet (corrected¹)'],
  ['C ice→app poll', 'C: ICE connected → the client’s first getStats poll (its 20 ms interval)'],
  ['R ice→app poll', 'R: ICE connected → the client’s first getStats poll'],
  ['C audio est→app saw', 'C: first audio packet (corrected¹) → the client’s getStats showed it'],
  ['R audio est→app saw', 'R: first audio packet (corrected¹) → the client’s getStats showed it'],
  ['C app saw→shown', 'C: the client’s getStats showed audio → "connected" in the DOM'],
  ['R app saw→shown', 'R: the client’s getStats showed audio → "connected" in the DOM'],
];

export const DIAGNOSTICS: [string, string][] = [
  ['ring shown→tap', 'ring shown at the receiver → tap (the person waits ~1 s)'],
  ['dial→ring', 'caller taps call → ring shown at the receiver'],
  ['tap pointerdown→click', 'tap: pointerdown → click dispatch'],
  ['tap click timeStamp−dispatch', 'tap: click event.timeStamp − listener time'],
  ['C observe lag', 'caller: poll observation − lastPacketReceivedTimestamp'],
  ['R observe lag', 'receiver: poll observation − lastPacketReceivedTimestamp'],
  ['C packets at observation', 'caller: packetsReceived at the first observation (count)'],
  ['R packets at observation', 'receiver: packetsReceived at the first observation (count)'],
  ['C poll interval', 'caller: mean time between bench getStats polls'],
  ['R poll interval', 'receiver: mean time between bench getStats polls'],
  ['C report interval', 'caller: median time between distinct getStats reports (the cache)'],
  ['R report interval', 'receiver: median time between distinct getStats reports (the cache)'],
];

export const MESSAGES: [string, string][] = [
  ['caller sent', 'caller page sent'],
  ['caller received', 'caller page received'],
  ['receiver sent', 'receiver page sent'],
  ['receiver received', 'receiver page received'],
  ['caller sent after tap', 'caller page sent, tap → both "connected"'],
  ['caller received after tap', 'caller page received, tap → both "connected"'],
  ['receiver sent after tap', 'receiver page sent, tap → both "connected"'],
  ['receiver received after tap', 'receiver page received, tap → both "connected"'],
];
