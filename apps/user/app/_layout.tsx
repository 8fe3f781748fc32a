import { AppRoot, stackScreenOptions } from '@calling/app-shell';
import { Stack } from 'expo-router';

/** Session, sign-in, the call client and the one global CallScreen around the Customer app's screens. */
export default function RootLayout() {
  return (
    <AppRoot accountRole="user" appName="Customer" serverUrl={process.env.EXPO_PUBLIC_SERVER_URL}>
      <Stack screenOptions={stackScreenOptions}>
        <Stack.Screen name="index" options={{ title: 'My bookings' }} />
        <Stack.Screen name="bookings/[id]" options={{ title: 'Booking' }} />
        <Stack.Screen name="settings" options={{ title: 'Settings' }} />
        <Stack.Screen name="book" options={{ title: 'Book a provider' }} />
      </Stack>
    </AppRoot>
  );
}
