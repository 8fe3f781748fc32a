// Pure logic of the call UI (no React, no React Native): safe to import from Node tests and other packages.
export { type AudioSessionStep, audioSessionStep } from './audio-session';
export { type CallHaptic, type CallTone, callHaptic, callTone, RING_VIBRATION } from './call-alerts';
export { type CallButtonInput, callButtonBlock } from './call-button';
export { type CallView, callView, stateDetail } from './call-view';
export { contrastRatio, luminance } from './contrast';
export { elapsedSeconds, formatDuration, msToNextSecond } from './duration';
export { callErrorWords, type EndContext, endReasonWords } from './end-reason';
export { idleStatusLine } from './idle-words';
export { callColors, type Palette, palettes } from './palettes';
export { videoPanes, videoRequestLine } from './video-words';
