import type { Booking } from '@calling/protocol';
import { Pressable, Text, View } from 'react-native';
import { bookingStatusWords } from '../logic/words';
import { useSignedIn } from '../session/SessionProvider';
import { Button } from '../ui/Button';
import { Screen } from '../ui/Screen';
import { ui } from '../ui/theme';
import { useRemote } from '../use-remote';

function BookingItem({ booking, onPress }: { booking: Booking; onPress(): void }) {
  return (
    <Pressable
      testID="booking-item"
      accessibilityRole="button"
      accessibilityLabel={`Booking ${booking.id}: ${booking.serviceName} with ${booking.otherPartyName}, ${bookingStatusWords[booking.status]}`}
      onPress={onPress}
      style={ui.card}
    >
      <Text style={ui.heading}>{booking.serviceName}</Text>
      <Text style={ui.text}>{booking.otherPartyName}</Text>
      <Text style={ui.subtle}>{bookingStatusWords[booking.status]}</Text>
    </Pressable>
  );
}

export interface BookingsScreenProps {
  onOpenBooking(id: string): void;
  onOpenSettings(): void;
  /** Customers only: book a provider. */
  onNewBooking?: () => void;
  /** Changes each time the screen comes back into view: the list is fetched again. */
  refreshKey?: number;
}

/** My bookings, newest first: service, the other party, status. */
export function BookingsScreen({ onOpenBooking, onOpenSettings, onNewBooking, refreshKey = 0 }: BookingsScreenProps) {
  const { api, session } = useSignedIn();
  const bookings = useRemote(`bookings:${session.user.id}:${refreshKey}`, () => api.bookings());
  return (
    <Screen refreshing={bookings.loading} onRefresh={bookings.reload}>
      <Text style={ui.subtle}>Signed in as {session.user.name}</Text>
      <View style={ui.row}>
        {onNewBooking ? <Button testID="open-new-booking" title="Book a provider" onPress={onNewBooking} /> : null}
        <Button testID="bookings-refresh" title="Refresh" tone="plain" onPress={bookings.reload} />
        <Button testID="open-settings" title="Settings" tone="plain" onPress={onOpenSettings} />
      </View>
      {bookings.error ? <Text style={ui.error}>{bookings.error}</Text> : null}
      {bookings.data?.length === 0 ? <Text style={ui.subtle}>No bookings yet.</Text> : null}
      {bookings.data?.map((b) => (
        <BookingItem key={b.id} booking={b} onPress={() => onOpenBooking(b.id)} />
      ))}
    </Screen>
  );
}
