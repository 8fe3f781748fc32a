import type { Booking } from '@calling/protocol';
import { describe, it } from 'vitest';
import { expectBothTold, expectNoneTold } from '../support/booking-news';
import { api, dataOf } from '../support/http';
import { useNodes } from '../support/world';

/** Two nodes sharing PostgreSQL and Redis: a booking changed through one reaches devices on the other. */
describe('booking changes across nodes', () => {
  const nodes = useNodes(2);

  it('booked and accepted through node 1: the customer on node 2 and the provider on both hear each, a stranger not', async () => {
    const { cluster } = nodes;
    const customer = await cluster.createUser({ role: 'user' });
    const provider = await cluster.createUser({ role: 'provider' });
    const stranger = await nodes.on(1, await cluster.createUser({ role: 'provider' }));
    const parties = [
      { who: customer, devices: [await nodes.on(1, customer)], otherName: provider.name },
      { who: provider, devices: [await nodes.on(0, provider), await nodes.on(1, provider)], otherName: customer.name },
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
