import { NewBookingScreen } from '@calling/app-shell';
import { useRouter } from 'expo-router';

/** Customers only: book a provider. */
export default function BookRoute() {
  const router = useRouter();
  return <NewBookingScreen onBooked={(id) => router.replace(`/bookings/${id}`)} />;
}
