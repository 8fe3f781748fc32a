import {
  AuthResult,
  Booking,
  type BookingAction,
  CallHistory,
  DemoAccounts,
  type LoginBody,
  Me,
  Provider,
  PushConfig,
  PushTarget,
  PushTargetRemoved,
  type RegisterPushTargetBody,
} from '@calling/protocol';
import { arrayOf, createHttp } from './http';

/** The REST endpoints the apps use (docs/API.md), typed by the protocol's schemas. */
export function createApi(serverUrl: string, token: string | null) {
  const http = createHttp(serverUrl, token);
  return {
    login: (body: LoginBody) => http.send('POST', '/api/auth/login', AuthResult, body),
    demoAccounts: () => http.get('/api/demo/accounts', DemoAccounts).then((d) => d.accounts),
    me: () => http.get('/api/me', Me),
    setRelayOnly: (relayOnly: boolean) => http.send('PATCH', '/api/me', Me, { relayOnly }),
    providers: () => http.get('/api/providers', arrayOf(Provider)),
    bookings: () => http.get('/api/bookings', arrayOf(Booking)),
    booking: (id: string) => http.get(`/api/bookings/${encodeURIComponent(id)}`, Booking),
    createBooking: (providerId: string, serviceName: string) =>
      http.send('POST', '/api/bookings', Booking, { providerId, serviceName }),
    bookingAction: (id: string, action: BookingAction) =>
      http.send('POST', `/api/bookings/${encodeURIComponent(id)}/${action}`, Booking),
    callHistory: (bookingId: string) =>
      http.get(`/api/calls/history/${encodeURIComponent(bookingId)}`, CallHistory).then((h) => h.calls),
    pushConfig: () => http.get('/api/push/config', PushConfig),
    registerPushTarget: (deviceId: string, body: RegisterPushTargetBody) =>
      http.send('PUT', `/api/push/devices/${encodeURIComponent(deviceId)}`, PushTarget, body),
    removePushTarget: (deviceId: string) =>
      http.send('DELETE', `/api/push/devices/${encodeURIComponent(deviceId)}`, PushTargetRemoved),
  };
}

export type Api = ReturnType<typeof createApi>;
