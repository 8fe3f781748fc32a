import type { AcceptResult, InitiateResult, ResumeResult } from '@calling/protocol';
import { describe, expect, it } from 'vitest';
import { type FlowEffect, type FlowInput, type FlowState, initialFlow, stepFlow } from '../../src/flow';

// The client's call flow without any I/O: inputs in, state and effects out.

const offer = { type: 'offer' as const, sdp: 'v=0 offer' };
const cand = (n: number) => ({ candidate: `candidate:${n} 1 udp 1 127.0.0.1 ${4000 + n} typ host` });
const ice = [{ urls: 'stun:127.0.0.1:3478' }];

const initiated = (over: Partial<InitiateResult> = {}) => ({
  ok: true as const,
  callId: 'call-1',
  bookingId: 'booking-1',
  receiverId: 'provider-1',
  receiverName: 'Pete Provider',
  serviceName: 'Plumbing',
  expiresAt: '2026-12-02T00:00:30.000Z',
  iceServers: ice,
  relayOnly: false,
  ...over,
});
const accepted = (): { ok: true } & AcceptResult => ({
  ok: true,
  callId: 'call-9',
  bookingId: 'booking-1',
  callerId: 'customer-1',
  callerName: 'Cara Customer',
  iceServers: ice,
  relayOnly: true,
});
const resumed = (state: ResumeResult['state']) => ({
  ok: true as const,
  callId: 'call-1',
  bookingId: 'booking-1',
  state,
  peerId: 'provider-1',
  role: 'caller' as const,
});
const incoming: FlowInput = {
  type: 'incoming',
  call: {
    callId: 'call-9',
    bookingId: 'booking-1',
    direction: 'incoming',
    peerId: 'customer-1',
    peerName: 'Cara Customer',
    serviceName: 'Plumbing',
    relayOnly: true,
  },
  media: null,
};
const online: FlowInput = { type: 'socket', up: true, firstTime: true };

/** Feeds inputs in order; returns the last state and every effect, in order. */
function run(inputs: FlowInput[], from: FlowState = initialFlow) {
  let state = from;
  const effects: FlowEffect[] = [];
  for (const input of inputs) {
    const step = stepFlow(state, input);
    state = step.state;
    effects.push(...step.effects);
  }
  return { state, effects, types: effects.map((e) => e.type) };
}
const of = <T extends FlowEffect['type']>(effects: FlowEffect[], type: T) =>
  effects.filter((e): e is Extract<FlowEffect, { type: T }> => e.type === type);

/** A caller whose call rings with its offer made: leg 1. */
const ringing = () =>
  run([
    online,
    { type: 'dial', bookingId: 'booking-1' },
    { type: 'initiate-ack', leg: 1, result: initiated() },
    { type: 'mic', leg: 1, error: null },
    { type: 'offer-ready', leg: 1, offer, gathered: false },
  ]);
/** A caller in a connected call: leg 1, offer sent. */
const talking = () =>
  run(
    [
      { type: 'accepted', callId: 'call-1', bookingId: 'booking-1' },
      { type: 'media-flowing', leg: 1, at: 5000 },
    ],
    ringing().state,
  );

describe('dialing', () => {
  it('asks for the microphone and rings at once, neither waiting for the other', () => {
    const { state, types } = run([online, { type: 'dial', bookingId: 'booking-1' }]);
    expect(state.snapshot.state).toBe('calling');
    expect(types).toEqual(['ended-timer', 'acquire-mic', 'initiate']);
  });

  it('opens the peer connection once both the ack and the microphone are here, in either order', () => {
    const ackFirst = run([
      online,
      { type: 'dial', bookingId: 'booking-1' },
      { type: 'initiate-ack', leg: 1, result: initiated() },
    ]);
    expect(ackFirst.types).not.toContain('open-session');
    expect(ackFirst.state.snapshot.call).toMatchObject({
      callId: 'call-1',
      peerName: 'Pete Provider',
      direction: 'outgoing',
    });
    expect(run([{ type: 'mic', leg: 1, error: null }], ackFirst.state).effects).toEqual([
      { type: 'open-session', leg: 1, iceServers: ice, relayOnly: false, makeOffer: true },
    ]);
    const micFirst = run([online, { type: 'dial', bookingId: 'booking-1' }, { type: 'mic', leg: 1, error: null }]);
    expect(micFirst.types).not.toContain('open-session');
    expect(
      of(run([{ type: 'initiate-ack', leg: 1, result: initiated() }], micFirst.state).effects, 'open-session'),
    ).toHaveLength(1);
  });

  const ids1 = { bookingId: 'booking-1', callId: 'call-1' };
  const madeOffer = (sdp: string, gathered: boolean) =>
    run(
      [
        online,
        { type: 'dial', bookingId: 'booking-1' },
        { type: 'initiate-ack', leg: 1, result: initiated() },
        { type: 'mic', leg: 1, error: null },
        { type: 'local-candidate', leg: 1, candidate: cand(1) },
        { type: 'local-candidate', leg: 1, candidate: cand(2) },
        ...(gathered ? [{ type: 'local-candidate' as const, leg: 1, candidate: null }] : []),
        { type: 'offer-ready', leg: 1, offer: { type: 'offer', sdp }, gathered },
      ],
      initialFlow,
    );

  it('sends the offer while it rings; candidates already in its SDP are not sent again, the rest go in one batch', () => {
    const partly = madeOffer(`v=0\r\na=${cand(1).candidate}\r\n`, false);
    expect(partly.state.snapshot.state).toBe('calling');
    const offerSent = of(partly.effects, 'send-offer');
    expect(offerSent).toEqual([
      { type: 'send-offer', ids: ids1, to: 'provider-1', offer: expect.anything(), candidatesDone: false },
    ]);
    expect(partly.types.slice(-1)).toEqual(['batch-timer']);
    // More come within the batch's time; the end of gathering sends them all at once, marked done.
    const end = run(
      [
        { type: 'local-candidate', leg: 1, candidate: cand(3) },
        { type: 'local-candidate', leg: 1, candidate: null },
        { type: 'flush-candidates', leg: 1 },
        { type: 'local-candidate', leg: 1, candidate: cand(4) },
      ],
      partly.state,
    );
    expect(end.effects).toEqual([
      { type: 'send-candidates', ids: ids1, to: 'provider-1', candidates: [cand(2), cand(3)], done: true },
    ]);
  });

  it('gathering over before the offer: every candidate rides in its SDP, marked done, and nothing follows', () => {
    const all = madeOffer(`v=0\r\na=${cand(1).candidate}\r\na=${cand(2).candidate}\r\n`, true);
    expect(of(all.effects, 'send-offer')[0]?.candidatesDone).toBe(true);
    expect(all.types).not.toContain('send-candidates');
    expect(all.types).not.toContain('batch-timer');
  });

  it('a candidate in the SDP is known by its address and type, not its trailing extensions (ufrag...)', () => {
    const withUfrag = { candidate: `${cand(1).candidate} generation 0 ufrag Xy12 network-id 1` };
    const sent = run(
      [
        online,
        { type: 'dial', bookingId: 'booking-1' },
        { type: 'initiate-ack', leg: 1, result: initiated() },
        { type: 'mic', leg: 1, error: null },
        { type: 'local-candidate', leg: 1, candidate: withUfrag },
        { type: 'local-candidate', leg: 1, candidate: null },
        {
          type: 'offer-ready',
          leg: 1,
          offer: { type: 'offer', sdp: `v=0\r\na=${cand(1).candidate} generation 0\r\n` },
          gathered: true,
        },
      ],
      initialFlow,
    );
    expect(of(sent.effects, 'send-offer')[0]?.candidatesDone).toBe(true);
    expect(sent.types).not.toContain('send-candidates');
  });

  it('a batch timer that is up sends what it collected, not done; the end marker follows alone', () => {
    const partly = madeOffer('v=0', false);
    const flushed = run([{ type: 'flush-candidates', leg: 1 }], partly.state);
    expect(flushed.effects).toEqual([
      { type: 'send-candidates', ids: ids1, to: 'provider-1', candidates: [cand(1), cand(2)], done: false },
    ]);
    expect(run([{ type: 'local-candidate', leg: 1, candidate: null }], flushed.state).effects).toEqual([
      { type: 'send-candidates', ids: ids1, to: 'provider-1', candidates: [], done: true },
    ]);
  });

  it('the answer comes with call:accepted (protocol 3): it is applied at once, no offer to send any more', () => {
    const answer = { type: 'answer' as const, sdp: 'v=0 answer' };
    const answered = run([{ type: 'accepted', callId: 'call-1', bookingId: 'booking-1', answer }], ringing().state);
    expect(answered.state.snapshot.state).toBe('connecting');
    expect(answered.effects).toEqual([
      { type: 'connect-timer', leg: 1, on: true },
      { type: 'accept-answer', leg: 1, answer },
    ]);
  });

  it('sets the first ringing device’s provisional answer, only once its offer went out and only before it is answered', () => {
    const pr = (sdp: string) => ({
      type: 'pranswer' as const,
      callId: 'call-1',
      answer: { type: 'answer' as const, sdp },
    });
    const set = run([pr('v=0 first'), pr('v=0 second')], ringing().state);
    expect(set.effects).toEqual([{ type: 'set-pranswer', leg: 1, answer: { type: 'answer', sdp: 'v=0 first' } }]);
    expect(set.state.snapshot.state).toBe('calling');
    expect(run([{ ...pr('v=0'), callId: 'call-other' }], ringing().state).effects).toEqual([]);
    const noOffer = run([
      online,
      { type: 'dial', bookingId: 'booking-1' },
      { type: 'initiate-ack', leg: 1, result: initiated() },
      pr('v=0'),
    ]);
    expect(noOffer.types).not.toContain('set-pranswer');
    const answered = run([{ type: 'accepted', callId: 'call-1', bookingId: 'booking-1' }, pr('v=0')], ringing().state);
    expect(answered.types).not.toContain('set-pranswer');
  });

  it('answered before the offer is made: the offer goes out the moment it is ready', () => {
    const early = run([
      online,
      { type: 'dial', bookingId: 'booking-1' },
      { type: 'initiate-ack', leg: 1, result: initiated() },
      { type: 'accepted', callId: 'call-1', bookingId: 'booking-1' },
      { type: 'mic', leg: 1, error: null },
    ]);
    expect(early.types).not.toContain('send-offer');
    expect(run([{ type: 'offer-ready', leg: 1, offer, gathered: false }], early.state).types).toEqual(['send-offer']);
  });

  it('a refused initiate ends the call with the reason for its code and the typed error', () => {
    const error = { code: 'booking_not_callable' as const, message: 'closed' };
    const { state, types } = run([
      online,
      { type: 'dial', bookingId: 'booking-1' },
      { type: 'initiate-ack', leg: 1, result: { ok: false, error } },
    ]);
    expect(state.snapshot).toMatchObject({ state: 'ended', endReason: 'not_permitted', error });
    expect(types).toContain('release');
    expect(state.leg).toBeNull();
  });

  it('a second dial while one is live is refused as busy, and nothing is started', () => {
    const { state, effects } = run([{ type: 'dial', bookingId: 'booking-2' }], ringing().state);
    expect(state.snapshot.error?.code).toBe('busy');
    expect(state.snapshot.call?.callId).toBe('call-1');
    expect(effects).toEqual([]);
  });
});

describe('a call that ends before the initiate ack named it', () => {
  it('hung up while ringing: ended here at once, ended on the server as cancelled when the ack comes', () => {
    const hung = run([online, { type: 'dial', bookingId: 'booking-1' }, { type: 'hang-up' }]);
    expect(hung.state.snapshot).toMatchObject({ state: 'ended', endReason: 'cancelled' });
    expect(hung.types).not.toContain('hang-up');
    const acked = run([{ type: 'initiate-ack', leg: 1, result: initiated() }], hung.state);
    expect(acked.effects).toEqual([
      { type: 'end', ids: { callId: 'call-1', bookingId: 'booking-1' }, reason: 'cancelled' },
    ]);
    expect(acked.state.snapshot.state).toBe('ended');
    expect(acked.state.unnamed).toEqual([]);
  });

  it('microphone refused before the ack: the server hears media_permission_denied', () => {
    const error = { code: 'media_permission_denied' as const, message: 'denied' };
    const denied = run([online, { type: 'dial', bookingId: 'booking-1' }, { type: 'mic', leg: 1, error }]);
    expect(denied.state.snapshot).toMatchObject({ state: 'ended', endReason: 'media_permission_denied', error });
    const acked = run([{ type: 'initiate-ack', leg: 1, result: initiated() }], denied.state);
    expect(acked.effects).toEqual([
      { type: 'end', ids: { callId: 'call-1', bookingId: 'booking-1' }, reason: 'media_permission_denied' },
    ]);
  });

  it('a late ack of an old call does not touch the next one, and still ends the old one', () => {
    const next = run([
      online,
      { type: 'dial', bookingId: 'booking-1' },
      { type: 'hang-up' },
      { type: 'ended-held' },
      { type: 'dial', bookingId: 'booking-2' },
    ]);
    expect(next.state.leg?.id).toBe(2);
    const late = run(
      [
        { type: 'initiate-ack', leg: 1, result: initiated() },
        { type: 'mic', leg: 1, error: null },
      ],
      next.state,
    );
    expect(late.effects).toEqual([
      { type: 'end', ids: { callId: 'call-1', bookingId: 'booking-1' }, reason: 'cancelled' },
    ]);
    expect(late.state.snapshot).toMatchObject({ state: 'calling', call: null });
    expect(late.state.leg).toMatchObject({ id: 2, bookingId: 'booking-2', callId: null, micReady: false });
  });
});

describe('a lost initiate answer', () => {
  const timeout = { ok: false as const, error: { code: 'timeout' as const, message: 'no answer' } };
  const notConnected = { ok: false as const, error: { code: 'not_connected' as const, message: 'down' } };
  const dialing = () => run([online, { type: 'dial', bookingId: 'booking-1' }]);

  it('asked again at once while the socket is up; the call it names is resumed (this socket may not be bound)', () => {
    const again = run([{ type: 'initiate-ack', leg: 1, result: timeout }], dialing().state);
    expect(again.state.snapshot.state).toBe('calling');
    expect(again.effects).toEqual([{ type: 'initiate', leg: 1, bookingId: 'booking-1' }]);
    const named = run([{ type: 'initiate-ack', leg: 1, result: initiated() }], again.state);
    expect(named.state.snapshot.call?.callId).toBe('call-1');
    expect(of(named.effects, 'resume')).toEqual([{ type: 'resume', leg: 1, callId: 'call-1' }]);
  });

  it('with the socket down it waits for it, then asks again; a retry that could not leave waits too', () => {
    const down = run(
      [
        { type: 'socket', up: false },
        { type: 'initiate-ack', leg: 1, result: timeout },
      ],
      dialing().state,
    );
    expect(down.effects).toEqual([]);
    expect(down.state.snapshot.state).toBe('calling');
    const back = run([{ type: 'socket', up: true, firstTime: false }], down.state);
    expect(back.effects).toEqual([{ type: 'initiate', leg: 1, bookingId: 'booking-1' }]);
    const stuck = run([{ type: 'initiate-ack', leg: 1, result: notConnected }], back.state);
    expect(stuck.state.snapshot.state).toBe('calling');
    expect(run([{ type: 'socket', up: true, firstTime: false }], stuck.state).types).toEqual(['initiate']);
  });

  it('gives up after the second unanswered request; a first one that never left is no call at all', () => {
    const twice = run(
      [
        { type: 'initiate-ack', leg: 1, result: timeout },
        { type: 'initiate-ack', leg: 1, result: timeout },
      ],
      dialing().state,
    );
    expect(twice.state.snapshot).toMatchObject({ state: 'ended', endReason: 'connection_lost' });
    const never = run([{ type: 'initiate-ack', leg: 1, result: notConnected }], dialing().state);
    expect(never.state.snapshot).toMatchObject({
      state: 'ended',
      endReason: 'connection_lost',
      error: { code: 'not_connected' },
    });
  });

  it('hung up while the retry is out: its answer ends the call on the server', () => {
    const hung = run(
      [
        { type: 'initiate-ack', leg: 1, result: timeout },
        { type: 'hang-up' },
        { type: 'initiate-ack', leg: 1, result: initiated() },
      ],
      dialing().state,
    );
    expect(of(hung.effects, 'end')).toEqual([
      { type: 'end', ids: { callId: 'call-1', bookingId: 'booking-1' }, reason: 'cancelled' },
    ]);
  });
});

describe('glare', () => {
  it('the initiate answered the peer’s call: this device is its receiver, no offer of its own, the mic carries over', () => {
    const glare = initiated({ callId: 'call-7', answered: { callerId: 'provider-1', callerName: 'Pete Provider' } });
    const { state, effects } = run([
      online,
      { type: 'dial', bookingId: 'booking-1' },
      { type: 'mic', leg: 1, error: null },
      { type: 'initiate-ack', leg: 1, result: glare },
    ]);
    expect(state.snapshot).toMatchObject({
      state: 'connecting',
      call: { callId: 'call-7', direction: 'incoming', peerName: 'Pete Provider' },
    });
    expect(state.leg).toMatchObject({ id: 1, role: 'receiver', answered: true, peerId: 'provider-1' });
    expect(of(effects, 'open-session')).toEqual([
      { type: 'open-session', leg: 1, iceServers: ice, relayOnly: false, makeOffer: false },
    ]);
    expect(of(effects, 'connect-timer')).toEqual([{ type: 'connect-timer', leg: 1, on: true }]);
  });

  it('hung up before the glare ack: the answered call ends for the server’s usual reason', () => {
    const glare = initiated({ callId: 'call-7', answered: { callerId: 'provider-1', callerName: 'Pete Provider' } });
    const { effects } = run([
      online,
      { type: 'dial', bookingId: 'booking-1' },
      { type: 'hang-up' },
      { type: 'initiate-ack', leg: 1, result: glare },
    ]);
    expect(of(effects, 'end')).toEqual([{ type: 'end', ids: { callId: 'call-7', bookingId: 'booking-1' } }]);
  });
});

describe('receiving', () => {
  const rang = () => run([online, incoming]);

  it('accept stops the ringing at the tap, then the mic and the ack open the peer connection (no offer of its own)', () => {
    const tapped = run([{ type: 'accept' }], rang().state);
    expect(tapped.state.snapshot.state).toBe('connecting');
    expect(tapped.effects).toEqual([
      { type: 'acquire-mic', leg: 1 },
      { type: 'accept', leg: 1, ids: { bookingId: 'booking-1', callId: 'call-9' } },
    ]);
    const ready = run(
      [
        { type: 'accept-ack', leg: 1, result: accepted() },
        { type: 'mic', leg: 1, error: null },
      ],
      tapped.state,
    );
    expect(ready.effects).toEqual([
      { type: 'connect-timer', leg: 1, on: true },
      { type: 'open-session', leg: 1, iceServers: ice, relayOnly: true, makeOffer: false },
    ]);
  });

  describe('protocol 3: the offer rang with the call', () => {
    const ids9 = { bookingId: 'booking-9', callId: 'call-9' };
    const media = { iceServers: ice, relayOnly: true };
    const rangWithOffer = () =>
      run([
        online,
        { ...incoming, call: { ...(incoming as { call: object }).call, bookingId: 'booking-9' }, media } as FlowInput,
        { type: 'remote-offer', callId: 'call-9', offer },
      ]);

    it('while it rings its answer is prepared, nothing applied (no gathering, no ICE), and no microphone', () => {
      const { state, effects } = rangWithOffer();
      expect(state.snapshot.state).toBe('ringing');
      expect(effects).toEqual([{ type: 'prepare-answer', leg: 1, ...media, offer }]);
      const declined = run([{ type: 'reject', reason: 'declined' }], state);
      expect(declined.types).not.toContain('acquire-mic');
      expect(declined.types).not.toContain('open-session');
      expect(declined.types).not.toContain('send-candidates');
    });

    it('at the tap the prepared answer is applied before the microphone is open; it rides with the accept', () => {
      const tapped = run([{ type: 'accept' }], rangWithOffer().state);
      expect(tapped.state.snapshot.state).toBe('connecting');
      expect(tapped.effects).toEqual([
        { type: 'acquire-mic', leg: 1 },
        { type: 'answer-at-tap', leg: 1, offer },
      ]);
      const answer = { type: 'answer' as const, sdp: 'v=0 answer' };
      const out = run(
        [
          { type: 'local-candidate', leg: 1, candidate: cand(1) },
          { type: 'answer-ready', leg: 1, answer },
          { type: 'local-candidate', leg: 1, candidate: null },
          { type: 'mic', leg: 1, error: null },
          { type: 'accept-ack', leg: 1, result: accepted() },
        ],
        tapped.state,
      );
      // The first candidates go at once, the rest (here only the end marker) after them.
      expect(out.effects).toEqual([
        { type: 'accept', leg: 1, ids: ids9, answer },
        { type: 'send-candidates', ids: ids9, to: 'customer-1', candidates: [cand(1)], done: false },
        { type: 'send-candidates', ids: ids9, to: 'customer-1', candidates: [], done: true },
        { type: 'attach-mic', leg: 1 },
        { type: 'connect-timer', leg: 1, on: true },
      ]);
      // After the first batch, candidates collect for the batch's time.
      const more = run(
        [
          { type: 'accept' },
          { type: 'answer-ready', leg: 1, answer },
          { type: 'local-candidate', leg: 1, candidate: cand(1) },
          { type: 'local-candidate', leg: 1, candidate: cand(2) },
          { type: 'local-candidate', leg: 1, candidate: cand(3) },
          { type: 'flush-candidates', leg: 1 },
        ],
        rangWithOffer().state,
      );
      expect(of(more.effects, 'send-candidates').map((e) => e.candidates)).toEqual([[cand(1)], [cand(2), cand(3)]]);
    });

    it('its applied answer goes to the caller as a provisional answer once, while it still rings', () => {
      const made = { type: 'answer' as const, sdp: 'v=0 made' };
      const sent = run(
        [
          { type: 'answer-prepared', leg: 1, answer: made },
          { type: 'answer-prepared', leg: 1, answer: made },
        ],
        rangWithOffer().state,
      );
      expect(sent.effects).toEqual([{ type: 'send-pranswer', ids: ids9, answer: made }]);
      const tapped = run(
        [{ type: 'accept' }, { type: 'answer-prepared', leg: 1, answer: made }],
        rangWithOffer().state,
      );
      expect(tapped.types).not.toContain('send-pranswer');
    });

    it('candidates gathered while it rang ride in the answer at the tap and are not sent again', () => {
      // Gathered while ringing: held (nothing goes before the accept).
      const rang = run(
        [
          { type: 'local-candidate', leg: 1, candidate: cand(1) },
          { type: 'local-candidate', leg: 1, candidate: cand(2) },
        ],
        rangWithOffer().state,
      );
      expect(rang.effects).toEqual([]);
      const answer = {
        type: 'answer' as const,
        sdp: `v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=${cand(1).candidate}\r\n`,
      };
      // One of them in the answer's SDP: only the other follows, then the end marker once gathering is over.
      const partly = run([{ type: 'accept' }, { type: 'answer-ready', leg: 1, answer }], rang.state);
      expect(of(partly.effects, 'accept')).toEqual([{ type: 'accept', leg: 1, ids: ids9, answer }]);
      expect(of(partly.effects, 'send-candidates')).toEqual([
        { type: 'send-candidates', ids: ids9, to: 'customer-1', candidates: [cand(2)], done: false },
      ]);
      const ended = run([{ type: 'local-candidate', leg: 1, candidate: null }], partly.state);
      expect(of(ended.effects, 'send-candidates')).toEqual([
        { type: 'send-candidates', ids: ids9, to: 'customer-1', candidates: [], done: true },
      ]);
      // Gathering over and every candidate in the answer: the accept is all there is to send.
      const all = {
        ...answer,
        sdp: `${answer.sdp}a=${cand(2).candidate}\r\n`,
      };
      const whole = run(
        [
          { type: 'local-candidate', leg: 1, candidate: null },
          { type: 'accept' },
          { type: 'answer-ready', leg: 1, answer: all },
        ],
        rang.state,
      );
      expect(of(whole.effects, 'accept')).toHaveLength(1);
      expect(of(whole.effects, 'send-candidates')).toEqual([]);
      expect(
        of(run([{ type: 'local-candidate', leg: 1, candidate: cand(3) }], whole.state).effects, 'send-candidates'),
      ).toEqual([]);
    });

    it('an offer that comes after an accept without an answer is answered at once, as call:answer', () => {
      const tapped = run([online, { ...incoming, media } as FlowInput, { type: 'accept' }]);
      expect(of(tapped.effects, 'accept')).toEqual([
        { type: 'accept', leg: 1, ids: { bookingId: 'booking-1', callId: 'call-9' } },
      ]);
      expect(run([{ type: 'remote-offer', callId: 'call-9', offer }], tapped.state).effects).toEqual([
        {
          type: 'answer-offer',
          leg: 1,
          ids: { bookingId: 'booking-1', callId: 'call-9' },
          to: 'customer-1',
          offer,
        },
      ]);
    });

    it('the same offer again (its ring copy, then the copy after the accept) is answered once; a new one again', () => {
      const tapped = run([online, { ...incoming, media } as FlowInput, { type: 'accept' }]);
      const twice = run(
        [
          { type: 'remote-offer', callId: 'call-9', offer },
          { type: 'remote-offer', callId: 'call-9', offer },
        ],
        tapped.state,
      );
      expect(of(twice.effects, 'answer-offer')).toHaveLength(1);
      expect(of(twice.effects, 'resend-answer')).toHaveLength(1);
      const restart = { type: 'offer' as const, sdp: 'v=0 offer, new ICE credentials' };
      const again = run([{ type: 'remote-offer', callId: 'call-9', offer: restart }], twice.state);
      expect(of(again.effects, 'answer-offer').map((e) => e.offer)).toEqual([restart]);
    });
  });

  it('decline right after accept (no media yet) declines the answered call; the late accept ack changes nothing', () => {
    const declined = run([{ type: 'accept' }, { type: 'reject', reason: 'declined' }], rang().state);
    expect(declined.state.snapshot).toMatchObject({ state: 'ended', endReason: 'declined' });
    expect(of(declined.effects, 'reject')).toEqual([
      { type: 'reject', ids: { bookingId: 'booking-1', callId: 'call-9' }, reason: 'declined' },
    ]);
    const late = run(
      [
        { type: 'accept-ack', leg: 1, result: accepted() },
        { type: 'mic', leg: 1, error: null },
      ],
      declined.state,
    );
    expect(late.effects).toEqual([]);
    expect(late.state.snapshot.state).toBe('ended');
  });

  it('hang-up while ringing is a decline; once media flowed it is a completed hang-up', () => {
    expect(of(run([{ type: 'hang-up' }], rang().state).effects, 'reject')).toHaveLength(1);
    const talkingReceiver = run(
      [
        { type: 'accept' },
        { type: 'accept-ack', leg: 1, result: accepted() },
        { type: 'mic', leg: 1, error: null },
        { type: 'media-flowing', leg: 1, at: 1 },
      ],
      rang().state,
    );
    const hung = run([{ type: 'hang-up' }], talkingReceiver.state);
    expect(hung.state.snapshot.endReason).toBe('completed');
    expect(of(hung.effects, 'hang-up')).toEqual([
      { type: 'hang-up', ids: { bookingId: 'booking-1', callId: 'call-9' } },
    ]);
  });

  it('a second incoming call while one rings is ignored', () => {
    const again = run(
      [{ ...incoming, call: { ...(incoming as { call: object }).call, callId: 'call-10' } } as FlowInput],
      rang().state,
    );
    expect(again.state.snapshot.call?.callId).toBe('call-9');
    expect(again.effects).toEqual([]);
  });
});

describe('media', () => {
  it('first media: connected, the connect timer stops, call:connected is reported once', () => {
    const first = talking();
    expect(first.state.snapshot).toMatchObject({ state: 'connected', connectedAt: 5000 });
    expect(of(first.effects, 'report-connected')).toEqual([
      { type: 'report-connected', callId: 'call-1', bookingId: 'booking-1' },
    ]);
    const again = run(
      [
        { type: 'media-dropped', leg: 1 },
        { type: 'media-flowing', leg: 1, at: 9000 },
      ],
      first.state,
    );
    expect(of(again.effects, 'report-connected')).toEqual([]);
    expect(again.state.snapshot).toMatchObject({ state: 'connected', connectedAt: 5000 });
  });

  it('a stall is shown and told to the server with how long it has been silent; its end too', () => {
    const stalled = run([{ type: 'media-stalled', leg: 1, silentMs: 1000 }], talking().state);
    expect(stalled.state.snapshot.state).toBe('reconnecting');
    expect(stalled.effects).toEqual([
      { type: 'report-hearing', callId: 'call-1', bookingId: 'booking-1', hearing: false, silentMs: 1000 },
    ]);
    const back = run([{ type: 'media-resumed', leg: 1, at: 7000 }], stalled.state);
    expect(back.state.snapshot.state).toBe('connected');
    expect(back.effects).toEqual([{ type: 'report-hearing', callId: 'call-1', bookingId: 'booking-1', hearing: true }]);
  });

  it('ICE restarts come from the caller only, once its offer went out, and only while the socket is up', () => {
    const want = { type: 'restart-wanted', leg: 1 } as const;
    expect(run([want], talking().state).effects).toEqual([
      { type: 'restart-ice', leg: 1, ids: { bookingId: 'booking-1', callId: 'call-1' }, to: 'provider-1' },
    ]);
    expect(run([want], ringing().state).effects).toEqual([]); // not answered: the offer has not gone out
    expect(run([{ type: 'socket', up: false }, want], talking().state).types).toEqual([]);
    const receiver = run([
      online,
      incoming,
      { type: 'accept' },
      { type: 'accept-ack', leg: 1, result: accepted() },
      { type: 'mic', leg: 1, error: null },
      want,
    ]);
    expect(receiver.types).not.toContain('restart-ice');
  });

  it('the watchdog or the connect timer giving up ends the call for its reason, here and on the server', () => {
    const lost = run([{ type: 'give-up', leg: 1, reason: 'connection_lost' }], talking().state);
    expect(lost.state.snapshot).toMatchObject({ state: 'ended', endReason: 'connection_lost' });
    expect(lost.types).toEqual(['release', 'ended-timer', 'end']);
    expect(of(lost.effects, 'end')[0]).toMatchObject({ reason: 'connection_lost', ids: { callId: 'call-1' } });
  });

  it('mute flips the tracks and the snapshot; not outside a call', () => {
    expect(run([{ type: 'mute', muted: true }], talking().state).effects).toEqual([{ type: 'set-muted', muted: true }]);
    expect(run([{ type: 'mute', muted: true }]).effects).toEqual([]);
  });
});

describe('reconnecting', () => {
  it('a socket back mid-call resumes it; the first connect does not', () => {
    expect(run([{ type: 'socket', up: true, firstTime: true }], talking().state).types).toEqual([]);
    const back = run(
      [
        { type: 'socket', up: false },
        { type: 'socket', up: true, firstTime: false },
      ],
      talking().state,
    );
    expect(back.effects).toEqual([{ type: 'resume', leg: 1, callId: 'call-1' }]);
  });

  it('answered while away: the resume says so; the answer went to the old socket, so a fresh ICE round', () => {
    const { state, types } = run(
      [{ type: 'resume-ack', leg: 1, result: resumed('connecting'), iceConnected: false }],
      ringing().state,
    );
    expect(state.snapshot.state).toBe('connecting');
    expect(types).not.toContain('send-offer'); // it went out while the call rang
    expect(types).toContain('restart-now');
    expect(
      run([{ type: 'resume-ack', leg: 1, result: resumed('ringing'), iceConnected: false }], ringing().state).types,
    ).toEqual([]);
  });

  it('media dropped while the socket was away: the resume restarts ICE, even if the old path came back', () => {
    const recovered = run(
      [
        { type: 'media-dropped', leg: 1 },
        { type: 'media-flowing', leg: 1, at: 8000 },
      ],
      talking().state,
    );
    const resumedAck = run(
      [{ type: 'resume-ack', leg: 1, result: resumed('connected'), iceConnected: true }],
      recovered.state,
    );
    expect(resumedAck.effects).toEqual([{ type: 'restart-now' }]);
    // once: the next resume with media fine restarts nothing
    expect(
      run([{ type: 'resume-ack', leg: 1, result: resumed('connected'), iceConnected: true }], resumedAck.state).effects,
    ).toEqual([]);
  });

  it('back before any media flowed, with the offer out and ICE not connected: one fresh ICE round', () => {
    const answered = run([{ type: 'accepted', callId: 'call-1', bookingId: 'booking-1' }], ringing().state);
    const back = run(
      [{ type: 'resume-ack', leg: 1, result: resumed('connecting'), iceConnected: false }],
      answered.state,
    );
    expect(back.effects).toEqual([{ type: 'restart-now' }]);
    expect(
      run([{ type: 'resume-ack', leg: 1, result: resumed('connecting'), iceConnected: true }], answered.state).effects,
    ).toEqual([]);
  });

  it('the peer back while our media is down: a fresh ICE round reaches its new socket', () => {
    const down = run(
      [
        { type: 'media-dropped', leg: 1 },
        { type: 'peer-reconnecting', callId: 'call-1', reconnecting: true },
      ],
      talking().state,
    );
    expect(down.state.snapshot.peerReconnecting).toBe(true);
    expect(run([{ type: 'peer-reconnecting', callId: 'call-1', reconnecting: false }], down.state).effects).toEqual([
      { type: 'restart-now' },
    ]);
    expect(
      run([{ type: 'peer-reconnecting', callId: 'call-1', reconnecting: false }], talking().state).effects,
    ).toEqual([]);
  });

  it('a resume nobody answered is no end: asked again now (timeout) or at the next connect (not connected)', () => {
    const timeout = { ok: false as const, error: { code: 'timeout' as const, message: 'no answer' } };
    const lost = run([{ type: 'resume-ack', leg: 1, result: timeout, iceConnected: true }], talking().state);
    expect(lost.state.snapshot.state).toBe('connected');
    expect(lost.effects).toEqual([{ type: 'resume', leg: 1, callId: 'call-1' }]);
    const notConnected = { ok: false as const, error: { code: 'not_connected' as const, message: 'down' } };
    const down = run(
      [
        { type: 'socket', up: false },
        { type: 'resume-ack', leg: 1, result: notConnected, iceConnected: true },
      ],
      talking().state,
    );
    expect(down.effects).toEqual([]);
    expect(down.state.snapshot.state).toBe('connected');
    expect(run([{ type: 'socket', up: true, firstTime: false }], down.state).effects).toEqual([
      { type: 'resume', leg: 1, callId: 'call-1' },
    ]);
  });

  it('the call ended while away: the log says how, and that is what the screen shows', () => {
    const error = { code: 'no_live_call' as const, message: 'gone' };
    const refused = run(
      [{ type: 'resume-ack', leg: 1, result: { ok: false, error }, iceConnected: false }],
      talking().state,
    );
    expect(refused.effects).toEqual([{ type: 'ask-outcome', leg: 1, bookingId: 'booking-1', callId: 'call-1', error }]);
    const told = run(
      [{ type: 'outcome', leg: 1, outcome: { reason: 'completed', duration: 12 }, error }],
      refused.state,
    );
    expect(told.state.snapshot).toMatchObject({ state: 'ended', endReason: 'completed', duration: 12 });
    const unknown = run([{ type: 'outcome', leg: 1, outcome: null, error }], refused.state);
    expect(unknown.state.snapshot).toMatchObject({ state: 'ended', endReason: 'connection_lost', error });
  });
});

describe('ending', () => {
  it('the server’s end for another call changes nothing; for this one it ends it and a late one refines it', () => {
    expect(run([{ type: 'ended', reason: 'completed', callId: 'call-other' }], talking().state).effects).toEqual([]);
    const ended = run([{ type: 'ended', reason: 'completed', callId: 'call-1' }], talking().state);
    expect(ended.types).toEqual(['release', 'ended-timer']);
    const refined = run([{ type: 'ended', reason: 'completed', callId: 'call-1', duration: 42 }], ended.state);
    expect(refined.state.snapshot).toMatchObject({ state: 'ended', duration: 42 });
  });

  it('a closing page ends the call here and sends a beacon; a ringing one is declined instead', () => {
    const closed = run([{ type: 'page-hide' }], talking().state);
    expect(closed.state.snapshot.endReason).toBe('completed');
    expect(of(closed.effects, 'beacon')).toEqual([{ type: 'beacon', callId: 'call-1' }]);
    const ringingReceiver = run([{ type: 'page-hide' }], run([online, incoming]).state);
    expect(ringingReceiver.types).toContain('reject');
    expect(ringingReceiver.types).not.toContain('beacon');
  });

  it('ended stays until its hold is over, then idle', () => {
    const ended = run([{ type: 'hang-up' }, { type: 'ended-held' }], talking().state);
    expect(ended.state.snapshot.state).toBe('idle');
    expect(ended.state.snapshot.online).toBe(true);
  });

  it('never changes the state it was given', () => {
    const before = talking().state;
    const frozen = JSON.stringify(before);
    run(
      [{ type: 'media-dropped', leg: 1 }, { type: 'local-candidate', leg: 1, candidate: cand(3) }, { type: 'hang-up' }],
      before,
    );
    expect(JSON.stringify(before)).toBe(frozen);
  });
});
