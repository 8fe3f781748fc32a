import type { BookingAction } from '@calling/protocol';
import { type IconName, useBookingChanges, WebRTCCallButton } from '@calling/react';
import { useState } from 'react';
import { Text, View } from 'react-native';
import { ApiError } from '../api/http';
import { newerBooking } from '../logic/booking-list';
import { dateWords } from '../logic/date-words';
import {
  bookingActionErrorWords,
  bookingActions,
  bookingActionWords,
  bookingCallBlock,
  bookingStatusLine,
  otherPartyLine,
} from '../logic/words';
import { useSignedIn } from '../session/SessionProvider';
import { Button } from '../ui/Button';
import { Screen } from '../ui/Screen';
import { useUi } from '../ui/theme';
import { useRemote } from '../use-remote';
import { CallHistoryList } from './CallHistoryList';

const actionIcons: Record<BookingAction, IconName> = {
  accept: 'check',
  decline: 'close',
  start: 'play-arrow',
  complete: 'done-all',
  cancel: 'close',
};

/**
 * One booking: who and what, since when, the call button, what this side may do with it, and its calls. It
 * follows the booking as either side (or the host) changes it, with no reload.
 */
export function BookingDetailScreen({ bookingId }: { bookingId: string }) {
  const ui = useUi();
  const { api, role } = useSignedIn();
  const booking = useRemote(`booking:${bookingId}`, () => api.booking(bookingId), {
    keep: (loaded, shown) => newerBooking(shown, loaded),
  });
  const [actionError, setActionError] = useState<string | null>(null);
  const b = booking.data;
  useBookingChanges({
    changed: (changed) => {
      if (changed.id === bookingId) booking.update((shown) => newerBooking(shown, changed));
    },
    missed: booking.reload,
  });

  const act = async (action: BookingAction) => {
    setActionError(null);
    try {
      const moved = await api.bookingAction(bookingId, action);
      booking.update((shown) => newerBooking(shown, moved));
    } catch (e) {
      setActionError(bookingActionErrorWords(e instanceof ApiError ? e.code : null));
      booking.reload();
    }
  };

  return (
    <Screen refreshing={booking.loading} onRefresh={booking.reload}>
      {booking.error ? <Text style={ui.error}>{booking.error}</Text> : null}
      {b ? (
        <>
          <View style={ui.card}>
            <Text style={ui.title}>{b.serviceName}</Text>
            <Text style={ui.text}>{otherPartyLine(role, b)}</Text>
            <Text testID="booking-status" style={ui.subtle}>
              {bookingStatusLine(role, b.status)}
            </Text>
            <Text style={ui.subtle}>Booked {dateWords(new Date(b.createdAt), new Date())}</Text>
          </View>
          <WebRTCCallButton
            bookingId={b.id}
            callable={b.callable}
            disabledReason={bookingCallBlock(role, b)}
            peerName={b.otherPartyName}
            size="large"
          />
          {b.callable ? (
            <Text style={ui.subtle}>
              The call goes to {b.otherPartyName} inside the app: neither of you sees the other's phone number.
            </Text>
          ) : null}
          <View style={ui.row}>
            {bookingActions(role, b.status).map((action) => (
              <Button
                key={action}
                testID={`booking-${action}`}
                title={bookingActionWords[action]}
                icon={actionIcons[action]}
                tone={action === 'decline' || action === 'cancel' ? 'danger' : 'primary'}
                onPress={() => void act(action)}
              />
            ))}
          </View>
          {actionError ? <Text style={ui.error}>{actionError}</Text> : null}
          <CallHistoryList bookingId={b.id} peerName={b.otherPartyName} />
        </>
      ) : null}
    </Screen>
  );
}
