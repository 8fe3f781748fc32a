// Android: a self-managed ConnectionService call (react-native-callkeep: audio focus, Bluetooth, the car) plus a
// full-screen notification with Answer/Decline (notifee), since a self-managed connection draws no UI of its own.
import notifee, {
  AndroidCategory,
  AndroidImportance,
  AndroidVisibility,
  AuthorizationStatus,
  type Event,
  EventType,
} from '@notifee/react-native';
import RNCallKeep from 'react-native-callkeep';
import { pushActions } from './actions';
import { listenToCallKeep, reportRingEnded, type StopReason } from './callkeep-events';
import { ringTitle, systemCallUuid } from './ring';

const CHANNEL_ID = 'incoming-calls';

let ready: Promise<void> | null = null;

/** callkeep's setup and the ring's notification channel, once per JS runtime (also a headless one). */
export function setupSystemCalls(): Promise<void> {
  ready ??= RNCallKeep.setup({
    ios: { appName: 'Calls', supportsVideo: false, maximumCallGroups: '1', maximumCallsPerCallGroup: '1' },
    android: {
      alertTitle: 'Calls',
      alertDescription: 'Allow this app to ring for calls',
      cancelButton: 'Cancel',
      okButton: 'OK',
      additionalPermissions: [],
      selfManaged: true,
      foregroundService: {
        channelId: 'ongoing-call',
        channelName: 'Ongoing call',
        notificationTitle: 'Call in progress',
      },
    },
  }).then(async () => {
    RNCallKeep.setAvailable(true);
    await notifee.createChannel({
      id: CHANNEL_ID,
      name: 'Incoming calls',
      importance: AndroidImportance.HIGH,
      visibility: AndroidVisibility.PUBLIC,
      vibration: true,
      sound: 'default',
    });
  });
  return ready;
}

export async function showRing(callId: string, callerName: string | null): Promise<void> {
  if (pushActions.isSettled(callId)) return;
  await setupSystemCalls();
  const uuid = systemCallUuid(callId);
  const title = ringTitle(callerName);
  RNCallKeep.displayIncomingCall(uuid, title, title, 'generic', false);
  await notifee.displayNotification({
    id: callId,
    title,
    body: 'Voice call',
    data: { callId },
    android: {
      channelId: CHANNEL_ID,
      category: AndroidCategory.CALL,
      importance: AndroidImportance.HIGH,
      visibility: AndroidVisibility.PUBLIC,
      ongoing: true,
      autoCancel: false,
      fullScreenAction: { id: 'default' },
      pressAction: { id: 'default' },
      actions: [
        { title: 'Decline', pressAction: { id: 'decline' } },
        { title: 'Answer', pressAction: { id: 'answer', launchActivity: 'default' } },
      ],
    },
  });
}

export function endRing(callId: string, reason: StopReason | null = null): void {
  reportRingEnded(callId, reason);
  void notifee.cancelNotification(callId);
}

function picked(action: 'answer' | 'decline', callId: string) {
  if (!pushActions.emit({ action, callId })) return;
  void notifee.cancelNotification(callId);
  if (action === 'answer') RNCallKeep.backToForeground();
}

/** A press on the notification's buttons (foreground, or background: headless). */
async function onNotificationEvent({ type, detail }: Event): Promise<void> {
  const callId = detail.notification?.data?.callId;
  if (type !== EventType.ACTION_PRESS || typeof callId !== 'string') return;
  const uuid = systemCallUuid(callId);
  if (detail.pressAction?.id === 'answer') {
    RNCallKeep.answerIncomingCall(uuid);
    picked('answer', callId);
  } else if (detail.pressAction?.id === 'decline') {
    picked('decline', callId);
    RNCallKeep.rejectCall(uuid);
  }
}

export function listenToSystemCalls(): void {
  listenToCallKeep(picked);
  notifee.onBackgroundEvent(onNotificationEvent);
  notifee.onForegroundEvent((event) => void onNotificationEvent(event));
}

/** Android 13+ shows no notification, so no ring, without POST_NOTIFICATIONS granted. */
export async function ringPermission(ask: boolean): Promise<'granted' | 'denied'> {
  const settings = ask ? await notifee.requestPermission() : await notifee.getNotificationSettings();
  return settings.authorizationStatus === AuthorizationStatus.DENIED ? 'denied' : 'granted';
}
