import type { EventHandler } from '../define-handler';
import { accept } from './accept';
import { connected } from './connected';
import { end } from './end';
import { initiate } from './initiate';
import { join } from './join';
import { media } from './media';
import { quality } from './quality';
import { reject } from './reject';
import { answer, iceCandidate, iceCandidates, offer, pranswer } from './relay';
import { resume } from './resume';
import { video } from './video';

/** One handler per client event of the protocol. */
export const handlers: EventHandler[] = [
  join,
  initiate,
  accept,
  pranswer,
  reject,
  offer,
  answer,
  iceCandidate,
  iceCandidates,
  end,
  connected,
  media,
  quality,
  video,
  resume,
];
