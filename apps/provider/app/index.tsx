import { BookingsScreen } from '@calling/app-shell';
import { useFocusEffect, useRouter } from 'expo-router';
import { useCallback, useState } from 'react';

export default function BookingsRoute() {
  const router = useRouter();
  const [visits, setVisits] = useState(0);
  useFocusEffect(useCallback(() => setVisits((v) => v + 1), []));
  return (
    <BookingsScreen
      refreshKey={visits}
      onOpenBooking={(id) => router.push(`/bookings/${id}`)}
      onOpenSettings={() => router.push('/settings')}
    />
  );
}
