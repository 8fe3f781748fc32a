import type { Booking } from '@calling/protocol';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../../src/testing';
import { expectBothTold, expectNoneTold } from '../support/booking-news';
import { api, dataOf } from '../support/http';
import { connect, type TestSocket } from '../support/sockets';

/** Two nodes sharing PostgreSQL and Redis: a booking changed through one reaches devices on the other. */
describe('booking changes across nodes', () => {
  let cluster: TestServer;
  const sockets: TestSocket[] = [];
  const on = async (node: number, who: TestUser) => {
    const s = await connect(cluster.nodes[node]?.url ?? '', who.token);
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    cluster = await startTestServer({ nodes: 2 });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await cluster?.close();
  });

  it('booked and accepted through node 1: the customer on node 2 and the provider on both hear each, a stranger not', async () => {
    const customer = await cluster.createUser({ role: 'user' });
    const provider = await cluster.createUser({ role: 'provider' });
    const stranger = await on(1, await cluster.createUser({ role: 'provider' }));
    const parties = [
      { who: customer, devices: [await on(1, customer)], otherName: provider.name },
      { who: provider, devices: [await on(0, provider), await on(1, provider)], otherName: customer.name },
    ];
    const viaNode1 = cluster.nodes[0]?.url ?? '';
    const { id } = dataOf<Booking>(
      await api(viaNode1, 'POST', '/api/bookings', {
        token: customer.token,
        body: { providerId: provider.id, serviceName: 'Plumbing' },
      }),
      201,
    );
    await expectBothTold(viaNode1, id, 'pending', parties);
    dataOf(await api(viaNode1, 'POST', `/api/bookings/${id}/accept`, { token: provider.token }));
    await expectBothTold(viaNode1, id, 'accepted', parties);
    await expectNoneTold([stranger]);
  });
});
