import type { TokenService } from '../auth/tokens';
import type { VerifiedRegistration } from '../auth/verified-registration';
import type { BookingNews } from '../bookings/booking-news';
import type { CallService } from '../calls/service';
import type { NodeMode } from '../cluster/node-mode';
import type { Config } from '../config';
import type { DemoAccount } from '../demo/seed';
import type { Metrics } from '../ops/metrics';
import type { Push } from '../push/setup';
import type { BookingsRepo } from '../store/bookings';
import type { CallLogsRepo } from '../store/call-logs';
import type { Db } from '../store/db';
import type { PushTargetsRepo } from '../store/push-targets';
import type { UsersRepo } from '../store/users';

/** What the REST routes need. */
export interface HttpDeps {
  config: Config;
  db: Db;
  tokens: TokenService;
  users: UsersRepo;
  bookings: BookingsRepo;
  /** Tells a booking's parties of each change to it (`booking:changed`). */
  bookingNews: BookingNews;
  callLogs: CallLogsRepo;
  calls: CallService;
  mode: NodeMode;
  metrics: Metrics;
  push: Push;
  pushTargets: PushTargetsRepo;
  demoAccounts: DemoAccount[] | null;
  /** Set when REGISTRATION=verified. */
  verifiedRegistration: VerifiedRegistration | null;
  isShuttingDown(): boolean;
}
