// Registered from the apps' entry module, before the router: a call push can start the app headless (an FCM data
// message, a press on the ring's buttons), and these handlers must exist by then.
import { readPushMessage } from './ring';
import { endRing, listenToSystemCalls, showRing } from './system-call';
import { listenToPushes } from './tokens';

/** A data push that reached JS (Android's FCM; iOS handles its pushes natively): ring, or take a ring down. */
export async function handlePushData(data: Readonly<Record<string, unknown>> | undefined): Promise<void> {
  const message = readPushMessage(data);
  if (message?.type === 'call_ringing') await showRing(message);
  else if (message?.type === 'call_ring_stopped') await endRing(message.callId, message.reason);
}

listenToSystemCalls();
listenToPushes(handlePushData);
