import type { Booking, Role } from '@calling/protocol';
import { useBookingChanges } from '@calling/react';
import { Pressable, Text, View } from 'react-native';
import { mergedBookings, withBooking } from '../logic/booking-list';
import { dateWords } from '../logic/date-words';
import { bookingStatusLine, otherPartyLine } from '../logic/words';
import { useSignedIn } from '../session/SessionProvider';
import { Button } from '../ui/Button';
import { Screen } from '../ui/Screen';
import { useUi } from '../ui/theme';
import { useRemote } from '../use-remote';

function BookingItem({ booking, role, onPress }: { booking: Booking; role: Role; onPress(): void }) {
  const ui = useUi();
  const status = bookingStatusLine(role, booking.status);
  const party = otherPartyLine(role, booking);
  const booked = `Booked ${dateWords(new Date(booking.createdAt), new Date())}`;
  return (
    <Pressable
      testID="booking-item"
      // Not shown: lets a test (or a deep link) find one booking without its id in any visible or spoken text.
      nativeID={`booking-${booking.id}`}
      accessibilityRole="button"
      accessibilityLabel={`${booking.serviceName}, ${party}, ${status}, ${booked}`}
      onPress={onPress}
      style={ui.card}
    >
      <Text style={ui.heading}>{booking.serviceName}</Text>
      <Text style={ui.text}>{party}</Text>
      <Text testID="booking-item-status" style={ui.subtle}>
        {status} · {booked}
      </Text>
    </Pressable>
  );
}

export interface BookingsScreenProps {
  onOpenBooking(id: string): void;
  onOpenSettings(): void;
  /** Customers only: book a provider. */
  onNewBooking?: () => void;
  /**
   * Changes each time the screen comes back into view: the list is fetched again (changes while it is in view
   * come over the call service's connection).
   */
  refreshKey?: number;
}

/** My bookings, newest first: service, the other party, status and date, each kept up to date as it changes. */
export function BookingsScreen({ onOpenBooking, onOpenSettings, onNewBooking, refreshKey = 0 }: BookingsScreenProps) {
  const ui = useUi();
  const { api, session, role } = useSignedIn();
  const bookings = useRemote(`bookings:${session.user.id}:${refreshKey}`, () => api.bookings(), {
    keep: mergedBookings,
  });
  useBookingChanges({
    // Before the first read lands too: that read is merged with it (keep).
    changed: (b) => bookings.update((list) => withBooking(list ?? [], b)),
    missed: bookings.reload,
  });
  return (
    <Screen refreshing={bookings.loading} onRefresh={bookings.reload}>
      <Text style={ui.subtle}>Signed in as {session.user.name}</Text>
      <View style={ui.row}>
        {onNewBooking ? (
          <Button testID="open-new-booking" title="Book a provider" icon="add" onPress={onNewBooking} />
        ) : null}
        <Button testID="bookings-refresh" title="Refresh" icon="refresh" tone="plain" onPress={bookings.reload} />
        <Button testID="open-settings" title="Settings" icon="settings" tone="plain" onPress={onOpenSettings} />
      </View>
      {bookings.error ? <Text style={ui.error}>{bookings.error}</Text> : null}
      {bookings.data?.length === 0 ? <Text style={ui.subtle}>No bookings yet.</Text> : null}
      {bookings.data?.map((b) => (
        <BookingItem key={b.id} booking={b} role={role} onPress={() => onOpenBooking(b.id)} />
      ))}
    </Screen>
  );
}
