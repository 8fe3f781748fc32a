// Resolved by the bundler to storage.web.ts (localStorage) or storage.native.ts (the device keychain).
import type { SessionStorage } from './types';

export declare const sessionStorage: SessionStorage;
