import type { TestServer } from '@calling/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookedPair, reach, startServer, until, wireCount } from './world';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.close());

describe('the client counts the signaling messages of each call', () => {
  it('per call and each way, the same as the messages on its socket, acks included', async () => {
    const { customer, provider, bookingId } = await bookedPair(server);
    const wire = { customer: wireCount(customer.client), provider: wireCount(provider.client) };
    // A person taps Accept after the ring shows, by then the caller's offer has rung too. (A tap within the
    // caller's gathering wait, up to 150 ms, answers before the offer: the answer then comes as call:answer,
    // one message more for the caller.)
    void customer.client.startCall(bookingId);
    await reach(provider, 'ringing');
    const callId = provider.client.getSnapshot().call?.callId ?? '';
    // At once: the tap lands while the ringing device is still preparing its answer (the microphone's track
    // then goes on the offer's transceiver mid-way; the answer must still say sendrecv, or nothing connects).
    await until(() => provider.client.messagesOf(callId).received >= 2, 'the offer rang on the receiver');
    await provider.client.accept();
    await reach(customer, 'connected');
    await reach(provider, 'connected');
    await customer.client.end();
    await reach(customer, 'idle');
    await reach(provider, 'idle');
    // The last acks (the hang-up's, the receiver's reports) may land just after the screens went idle.
    await until(
      () =>
        customer.client.messagesOf(callId).received === wire.customer.received &&
        provider.client.messagesOf(callId).received === wire.provider.received,
      () => `counts settle: ${JSON.stringify({ wire, customer: customer.client.messagesOf(callId) })}`,
      3000,
    );
    const counted = (w: typeof wire.customer) => ({ sent: w.sent, received: w.received });
    expect(customer.client.messagesOf(callId)).toEqual(counted(wire.customer));
    expect(provider.client.messagesOf(callId)).toEqual(counted(wire.provider));
    // A real call: at least the initiate, the offer and the hang-up one way; their acks, the answer and the end back.
    expect(wire.customer.sent).toBeGreaterThanOrEqual(3);
    expect(wire.customer.received).toBeGreaterThanOrEqual(4);
    // Protocol 3's budget for a whole answered call, hang-up included: at most 6 each way on each side.
    for (const side of [wire.customer, wire.provider]) {
      expect(side.sent, side.names.join(', ')).toBeLessThanOrEqual(6);
      expect(side.received, side.names.join(', ')).toBeLessThanOrEqual(6);
    }
    expect(customer.client.messagesOf('00000000-0000-4000-8000-000000000000')).toEqual({ sent: 0, received: 0 });
    console.log(
      `messages per answered call: caller ${JSON.stringify(counted(wire.customer))}, receiver ${JSON.stringify(counted(wire.provider))}`,
    );
    customer.client.close();
    provider.client.close();
  });
});
