import { useState } from 'react';
import { Switch, Text, View } from 'react-native';
import { useUi } from '../ui/theme';
import { usePushRinging } from './PushRinging';
import type { PushState } from './types';

const stateWords: Record<PushState, string> = {
  on: 'This device rings for calls even when the app is closed.',
  off: 'Calls ring only while the app is open.',
  denied: 'Notifications are blocked for this app: allow them in your browser or phone settings.',
  unsupported: 'This device or server cannot ring a closed app.',
};

/** The settings switches: ring this device when the app is closed, and show the caller's name on its ring. */
export function PushSettings() {
  const ui = useUi();
  const push = usePushRinging();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const state = push.state;
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not change it');
    } finally {
      setBusy(false);
    }
  };
  return (
    <View style={ui.card}>
      <View style={ui.switchRow}>
        <View style={{ flex: 1 }}>
          <Text style={ui.text}>Ring when the app is closed</Text>
          <Text testID="settings-push-state" style={ui.subtle}>
            {state ? stateWords[state] : 'Checking…'}
          </Text>
        </View>
        <Switch
          testID="settings-push"
          accessibilityLabel="Ring when the app is closed"
          value={state === 'on'}
          disabled={busy || state === null || state === 'unsupported'}
          onValueChange={(on) => void run(() => (on ? push.enable() : push.disable()))}
        />
      </View>
      <View style={ui.switchRow}>
        <Text style={[ui.text, { flex: 1 }]}>Show who is calling on the lock screen</Text>
        <Switch
          testID="settings-push-caller-name"
          accessibilityLabel="Show who is calling on the lock screen"
          value={push.showCallerName}
          disabled={busy}
          onValueChange={(show) => void run(() => push.setShowCallerName(show))}
        />
      </View>
      {error ? <Text style={ui.error}>{error}</Text> : null}
    </View>
  );
}
