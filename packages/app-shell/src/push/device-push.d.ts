// Resolved by the bundler to device-push.web.ts (service worker + web push) or device-push.native.ts.
import type { DevicePush } from './types';

export declare const devicePush: DevicePush;
