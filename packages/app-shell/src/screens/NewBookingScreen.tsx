import { useState } from 'react';
import { Pressable, Text } from 'react-native';
import { useSignedIn } from '../session/SessionProvider';
import { Screen } from '../ui/Screen';
import { useUi } from '../ui/theme';
import { useRemote } from '../use-remote';

/** Customers: pick a provider to book; the booking waits for the provider to accept it. */
export function NewBookingScreen({ onBooked }: { onBooked(bookingId: string): void }) {
  const ui = useUi();
  const { api } = useSignedIn();
  const providers = useRemote('providers', () => api.providers());
  const [error, setError] = useState<string | null>(null);

  const book = async (providerId: string, serviceName: string) => {
    setError(null);
    try {
      onBooked((await api.createBooking(providerId, serviceName)).id);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Booking failed');
    }
  };

  return (
    <Screen refreshing={providers.loading} onRefresh={providers.reload}>
      <Text style={ui.subtle}>Pick a provider: your booking waits for them to accept it.</Text>
      {error || providers.error ? <Text style={ui.error}>{error ?? providers.error}</Text> : null}
      {providers.data?.map((p) => (
        <Pressable
          key={p.id}
          testID="provider-item"
          accessibilityRole="button"
          accessibilityLabel={`Book ${p.name} for ${p.serviceName}`}
          onPress={() => void book(p.id, p.serviceName)}
          style={ui.card}
        >
          <Text style={ui.heading}>{p.name}</Text>
          <Text style={ui.subtle}>{p.serviceName}</Text>
        </Pressable>
      ))}
    </Screen>
  );
}
