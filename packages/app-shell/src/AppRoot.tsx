import type { Role } from '@calling/protocol';
import { CallProvider, CallScreen } from '@calling/react';
import { ThemeProvider } from 'expo-router';
import * as SystemUI from 'expo-system-ui';
import { type ReactNode, useEffect } from 'react';
import { ActivityIndicator, StatusBar, StyleSheet, View } from 'react-native';
import { SafeAreaView } from 'react-native-safe-area-context';
import { resolveServerUrl } from './logic/server-url';
import { PushOffer } from './push/PushOffer';
import { PushRinging } from './push/PushRinging';
import { LoginScreen } from './screens/LoginScreen';
import { SessionProvider, useSession } from './session/SessionProvider';
import { useNavigationTheme } from './ui/navigation';
import { usePalette, useUi } from './ui/theme';

function SignedInGate({ appName, children }: { appName: string; children: ReactNode }) {
  const { session, serverUrl, deviceId } = useSession();
  const ui = useUi();
  if (session === undefined) {
    return (
      <View style={[ui.fill, styles.center]}>
        <ActivityIndicator />
      </View>
    );
  }
  if (!session) {
    return (
      <SafeAreaView style={ui.fill} edges={['top', 'bottom']}>
        <LoginScreen appName={appName} />
      </SafeAreaView>
    );
  }
  return (
    <CallProvider serverUrl={serverUrl} token={session.token} options={{ deviceId }}>
      {/* The call UI comes first in the tree (and for screen readers) but sits at the bottom, or over everything. */}
      <PushRinging>
        <SafeAreaView style={[ui.fill, styles.callFirst]} edges={['bottom']}>
          <CallScreen />
          <PushOffer />
          <View style={ui.fill}>{children}</View>
        </SafeAreaView>
      </PushRinging>
    </CallProvider>
  );
}

export interface AppRootProps {
  /** Which side signs in to this app: 'user' (customers) or 'provider'. */
  accountRole: Role;
  appName: string;
  /** e.g. process.env.EXPO_PUBLIC_SERVER_URL; defaults to the page's origin on the web. */
  serverUrl?: string;
  children: ReactNode;
}

/**
 * Everything around an app's screens: the system's light or dark scheme, session, sign-in, the call client and
 * the one global call UI.
 */
export function AppRoot({ accountRole, appName, serverUrl, children }: AppRootProps) {
  const { background, scheme } = usePalette();
  useEffect(() => {
    // Behind the app: the web page's body (no white edge past the screens), the root view on iOS and Android.
    void SystemUI.setBackgroundColorAsync(background).catch(() => {});
  }, [background]);
  return (
    <ThemeProvider value={useNavigationTheme()}>
      {/* The phone's clock and battery: dark on the light scheme, light on the dark one (the call screen's own wins). */}
      <StatusBar barStyle={scheme === 'dark' ? 'light-content' : 'dark-content'} />
      <SessionProvider accountRole={accountRole} serverUrl={resolveServerUrl(serverUrl)}>
        <SignedInGate appName={appName}>{children}</SignedInGate>
      </SessionProvider>
    </ThemeProvider>
  );
}

const styles = StyleSheet.create({
  callFirst: { flexDirection: 'column-reverse' },
  center: { flex: 1, alignItems: 'center', justifyContent: 'center' },
});
