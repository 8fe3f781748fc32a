import type { CallClient } from '@calling/client';
import { createContext } from 'react';

export interface CallContextValue {
  /** Null until the provider has created its client (and after it closed it). */
  client: CallClient | null;
  speakerOn: boolean;
  setSpeakerOn(on: boolean): void;
  speakerSupported: boolean;
}

export const CallContext = createContext<CallContextValue | null>(null);
