import type { BookingAction } from '@calling/protocol';
import { WebRTCCallButton } from '@calling/react';
import { useState } from 'react';
import { Text, View } from 'react-native';
import { bookingActions, bookingActionWords, bookingStatusWords } from '../logic/words';
import { useSignedIn } from '../session/SessionProvider';
import { Button } from '../ui/Button';
import { Screen } from '../ui/Screen';
import { ui } from '../ui/theme';
import { useRemote } from '../use-remote';
import { CallHistoryList } from './CallHistoryList';

/** One booking: who and what, the call button, what this side may do with it, and its calls. */
export function BookingDetailScreen({ bookingId }: { bookingId: string }) {
  const { api, role } = useSignedIn();
  const booking = useRemote(`booking:${bookingId}`, () => api.booking(bookingId));
  const [actionError, setActionError] = useState<string | null>(null);
  const b = booking.data;

  const act = async (action: BookingAction) => {
    setActionError(null);
    try {
      await api.bookingAction(bookingId, action);
    } catch (e) {
      setActionError(e instanceof Error ? e.message : 'That did not work');
    }
    booking.reload();
  };

  return (
    <Screen refreshing={booking.loading} onRefresh={booking.reload}>
      {booking.error ? <Text style={ui.error}>{booking.error}</Text> : null}
      {b ? (
        <>
          <View style={ui.card}>
            <Text style={ui.title}>{b.serviceName}</Text>
            <Text style={ui.text}>
              {role === 'user' ? 'Provider' : 'Customer'}: {b.otherPartyName}
            </Text>
            <Text style={ui.subtle}>{bookingStatusWords[b.status]}</Text>
            <Text style={ui.subtle} selectable>
              Booking {b.id}
            </Text>
          </View>
          <WebRTCCallButton bookingId={b.id} callable={b.callable} peerName={b.otherPartyName} size="large" />
          <View style={ui.row}>
            {bookingActions(role, b.status).map((action) => (
              <Button
                key={action}
                testID={`booking-${action}`}
                title={bookingActionWords[action]}
                tone={action === 'decline' || action === 'cancel' ? 'danger' : 'primary'}
                onPress={() => void act(action)}
              />
            ))}
          </View>
          {actionError ? <Text style={ui.error}>{actionError}</Text> : null}
          <CallHistoryList bookingId={b.id} />
        </>
      ) : null}
    </Screen>
  );
}
