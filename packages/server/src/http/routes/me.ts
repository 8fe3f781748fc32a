import { CallingError, UpdateMeBody } from '@calling/protocol';
import { toMe } from '../../store/users';
import type { HttpDeps } from '../deps';
import { defineRoute } from '../route';

/** The only place a phone number leaves the server: to its owner. */
export const meRoutes = ({ users }: HttpDeps) => [
  defineRoute({
    method: 'GET',
    url: '/api/me',
    auth: true,
    async handler({ me }) {
      const user = await users.byId(me.sub);
      if (!user) throw new CallingError('not_found', 'account not found');
      return toMe(user);
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/me',
    auth: true,
    body: UpdateMeBody,
    async handler({ me, body }) {
      const user = await users.setRelayOnly(me.sub, body.relayOnly);
      if (!user) throw new CallingError('not_found', 'account not found');
      return toMe(user);
    },
  }),
];
