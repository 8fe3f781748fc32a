import { useState } from 'react';
import { Pressable, Text, TextInput, View } from 'react-native';
import { useSession } from '../session/SessionProvider';
import { Button } from '../ui/Button';
import { Screen } from '../ui/Screen';
import { usePalette, useUi } from '../ui/theme';
import { useRemote } from '../use-remote';

/** Phone + password sign-in; in demo mode it lists the demo accounts of this app's role to pick from. */
export function LoginScreen({ appName }: { appName: string }) {
  const ui = useUi();
  const { subtle } = usePalette();
  const { api, role, signIn } = useSession();
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const demo = useRemote('demo-accounts', () => api.demoAccounts().catch(() => []));
  const accounts = (demo.data ?? []).filter((a) => a.role === role);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await signIn(phone.trim(), password);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Sign-in failed');
      setBusy(false);
    }
  };

  return (
    <Screen>
      <Text style={ui.title} accessibilityRole="header">
        {appName}
      </Text>
      <Text style={ui.subtle}>Sign in to call about your bookings. Your phone number is never shown to anyone.</Text>
      <TextInput
        testID="login-phone"
        accessibilityLabel="Phone number"
        placeholder="Phone number"
        placeholderTextColor={subtle}
        keyboardType="phone-pad"
        autoComplete="tel"
        value={phone}
        onChangeText={setPhone}
        style={ui.input}
      />
      <TextInput
        testID="login-password"
        accessibilityLabel="Password"
        placeholder="Password"
        placeholderTextColor={subtle}
        secureTextEntry
        value={password}
        onChangeText={setPassword}
        onSubmitEditing={submit}
        style={ui.input}
      />
      {error ? (
        <Text style={ui.error} accessibilityRole="alert">
          {error}
        </Text>
      ) : null}
      <Button
        testID="login-submit"
        title={busy ? 'Signing in…' : 'Sign in'}
        icon="login"
        disabled={busy}
        onPress={submit}
      />
      {accounts.length > 0 ? (
        <View style={{ gap: 8 }}>
          <Text style={ui.heading}>Demo accounts</Text>
          {accounts.map((a) => (
            <Pressable
              key={a.phone}
              testID="demo-account"
              accessibilityRole="button"
              accessibilityLabel={`Use demo account ${a.name}`}
              onPress={() => {
                setPhone(a.phone);
                setPassword(a.password);
              }}
              style={ui.card}
            >
              <Text style={ui.text}>{a.name}</Text>
              <Text style={ui.subtle}>
                {a.phone} / {a.password}
              </Text>
            </Pressable>
          ))}
        </View>
      ) : null}
    </Screen>
  );
}
