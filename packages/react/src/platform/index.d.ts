// Resolved by the bundler to index.web.ts (browsers) or index.native.ts (iOS/Android); this file types both.
import type { CallPlatform } from './types';

export declare const platform: CallPlatform;
