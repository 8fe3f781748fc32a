import { CallingError, PushDeviceParams, RegisterPushTargetBody } from '@calling/protocol';
import { allowedEndpoint } from '../../push/settings';
import type { PushAddress } from '../../store/push-targets';
import { toPublicTarget } from '../../store/push-targets';
import type { HttpDeps } from '../deps';
import { defineRoute } from '../route';

/** Each device of a person registers where it is woken when its app is closed (docs/API.md, "Push"). */
export const pushRoutes = ({ push, pushTargets }: HttpDeps) => [
  defineRoute({
    method: 'GET',
    url: '/api/push/config',
    auth: true,
    handler: async () => push.config,
  }),
  defineRoute({
    method: 'GET',
    url: '/api/push/devices',
    auth: true,
    handler: async ({ me }) => ({ devices: (await pushTargets.ofUser(me.sub)).map(toPublicTarget) }),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/push/devices/:deviceId',
    auth: true,
    params: PushDeviceParams,
    body: RegisterPushTargetBody,
    async handler({ me, params, body }) {
      const offered = body.kind === 'web' ? push.webEndpoints !== null : push.config[body.kind];
      if (!offered) throw new CallingError('unavailable', `this server does not send ${body.kind} pushes`);
      if (body.kind === 'web' && !allowedEndpoint(body.subscription.endpoint, push.webEndpoints ?? [])) {
        throw new CallingError('invalid_payload', 'subscription.endpoint: not a known web push service');
      }
      const address: PushAddress =
        body.kind === 'web'
          ? { kind: 'web', subscription: { endpoint: body.subscription.endpoint, keys: body.subscription.keys } }
          : body.kind === 'apns'
            ? { kind: 'apns', token: body.token, dataToken: body.dataToken ?? null }
            : { kind: 'fcm', token: body.token };
      return toPublicTarget(await pushTargets.register(me.sub, params.deviceId, address, body.showCallerName));
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/push/devices/:deviceId',
    auth: true,
    params: PushDeviceParams,
    handler: async ({ me, params }) => ({ removed: await pushTargets.remove(me.sub, params.deviceId) }),
  }),
];
