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
import { ringWords, stoppedWords } from '../ring-words';
import { pushActions } from './actions';
import { listenToCallKeep, reportRingEnded } from './callkeep-events';
import { pickedOnSystemRing } from './picks';
import { type RingingMessage, type StopReason, systemCallUuid } from './ring';

const CHANNEL_ID = 'incoming-calls';
const MISSED_CHANNEL_ID = 'missed-calls';

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
    await notifee.createChannel({ id: MISSED_CHANNEL_ID, name: 'Missed calls', importance: AndroidImportance.DEFAULT });
  });
  return ready;
}

export async function showRing(message: RingingMessage): Promise<void> {
  const { callId, callerName } = message;
  if (pushActions.isSettled(callId)) return;
  await setupSystemCalls();
  const { title, body } = ringWords(message);
  // Telecom (the car, a watch) shows a caller's name, not a sentence.
  const name = callerName ?? title;
  RNCallKeep.displayIncomingCall(systemCallUuid(callId), name, name, 'generic', false);
  await notifee.displayNotification({
    id: callId,
    title,
    body,
    // notifee's data holds strings only: '' is a hidden name.
    data: { callId, callerName: callerName ?? '' },
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

/**
 * Takes the ring down. A missed ring leaves a quiet "Missed call" in its place, as a phone does (a self-managed
 * call is in no call log); one answered or declined on another of the person's devices leaves nothing.
 */
export async function endRing(callId: string, reason: StopReason | null = null): Promise<void> {
  reportRingEnded(callId, reason);
  const shown = (await notifee.getDisplayedNotifications().catch(() => [])).find((n) => n.id === callId);
  if (reason !== 'missed' || !shown) {
    await notifee.cancelNotification(callId);
    return;
  }
  const shownName = shown.notification.data?.callerName;
  const callerName = typeof shownName === 'string' && shownName !== '' ? shownName : null;
  const { title, body } = stoppedWords({ type: 'call_ring_stopped', callId, reason }, callerName);
  await notifee.displayNotification({
    id: callId,
    title,
    body,
    data: { callId },
    android: { channelId: MISSED_CHANNEL_ID, pressAction: { id: 'default' } },
  });
}

/** The first pick of a call (claimed before any await): the ring goes, Answer brings the app up. */
async function picked(action: 'answer' | 'decline', callId: string): Promise<void> {
  if (pushActions.isSettled(callId)) return;
  const handled = pickedOnSystemRing(action, callId);
  if (action === 'answer') RNCallKeep.backToForeground();
  await notifee.cancelNotification(callId);
  await handled;
}

/** A press on the notification's buttons (foreground, or background: headless). */
async function onNotificationEvent({ type, detail }: Event): Promise<void> {
  const callId = detail.notification?.data?.callId;
  if (type !== EventType.ACTION_PRESS || typeof callId !== 'string') return;
  const uuid = systemCallUuid(callId);
  if (detail.pressAction?.id === 'answer') {
    RNCallKeep.answerIncomingCall(uuid);
    await picked('answer', callId);
  } else if (detail.pressAction?.id === 'decline') {
    const done = picked('decline', callId);
    // Its 'endCall' event is an echo of this pick.
    RNCallKeep.rejectCall(uuid);
    await done;
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
