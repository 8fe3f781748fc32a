import { BookingsScreen } from '@calling/app-shell';
import { useRouter } from 'expo-router';

export default function BookingsRoute() {
  const router = useRouter();
  return (
    <BookingsScreen
      onOpenBooking={(id) => router.push(`/bookings/${id}`)}
      onOpenSettings={() => router.push('/settings')}
    />
  );
}
