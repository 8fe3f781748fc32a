import { BookingDetailScreen } from '@calling/app-shell';
import { useLocalSearchParams } from 'expo-router';

export default function BookingRoute() {
  const { id } = useLocalSearchParams<{ id: string }>();
  return <BookingDetailScreen bookingId={String(id)} />;
}
