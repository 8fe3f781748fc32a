export { AppRoot, type AppRootProps, resolveServerUrl } from './AppRoot';
export { type Api, createApi, type DemoAccount } from './api/api';
export { ApiError } from './api/http';
export { bookingActions, callLogLine } from './logic/words';
export { BookingDetailScreen } from './screens/BookingDetailScreen';
export { BookingsScreen, type BookingsScreenProps } from './screens/BookingsScreen';
export { NewBookingScreen } from './screens/NewBookingScreen';
export { SettingsScreen } from './screens/SettingsScreen';
export { useSession, useSignedIn } from './session/SessionProvider';
