import { useState } from 'react';
import { Switch, Text, View } from 'react-native';
import { usePushRinging } from '../push/PushRinging';
import { PushSettings } from '../push/PushSettings';
import { useSignedIn } from '../session/SessionProvider';
import { Button } from '../ui/Button';
import { Screen } from '../ui/Screen';
import { useUi } from '../ui/theme';
import { useRemote } from '../use-remote';

/** Account and privacy: the relay-only switch (PATCH /api/me), push ringing and sign-out. */
export function SettingsScreen() {
  const ui = useUi();
  const { api, session, signOut, serverUrl } = useSignedIn();
  const push = usePushRinging();
  const me = useRemote(`me:${session.user.id}`, () => api.me());
  const [relayOnly, setRelayOnly] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  const value = relayOnly ?? me.data?.relayOnly ?? false;

  const toggle = async (next: boolean) => {
    setRelayOnly(next);
    setError(null);
    try {
      setRelayOnly((await api.setRelayOnly(next)).relayOnly);
    } catch (e) {
      setRelayOnly(!next);
      setError(e instanceof Error ? e.message : 'Could not save');
    }
  };

  return (
    <Screen>
      <View style={ui.card}>
        <Text style={ui.text}>{session.user.name}</Text>
        {me.data?.phone ? <Text style={ui.subtle}>{me.data.phone} (only you can see this)</Text> : null}
        <Text style={ui.subtle}>Server: {serverUrl}</Text>
      </View>
      <View style={[ui.card, ui.switchRow]}>
        <View style={{ flex: 1 }}>
          <Text style={ui.text}>Hide my IP address in calls</Text>
          <Text style={ui.subtle}>
            Relay-only calls go through the relay server, so the other person never learns your IP address. Audio may be
            slightly slower.
          </Text>
        </View>
        <Switch
          testID="settings-relay-only"
          accessibilityLabel="Relay-only calls"
          value={value}
          disabled={!me.data}
          onValueChange={(next) => void toggle(next)}
        />
      </View>
      <PushSettings />
      {error || me.error ? <Text style={ui.error}>{error ?? me.error}</Text> : null}
      <Button
        testID="sign-out"
        title="Sign out"
        icon="logout"
        tone="danger"
        onPress={() => {
          // This device stops ringing for this person (its subscription goes too), then the session.
          void (push.state === 'on' ? push.disable() : Promise.resolve()).finally(() => void signOut());
        }}
      />
    </Screen>
  );
}
