export { CallProvider, type CallProviderProps } from './CallProvider';
export { CallScreen } from './CallScreen';
export { type CallButtonInput, callButtonBlock } from './logic/call-button';
export { callView, stateDetail } from './logic/call-view';
export { elapsedSeconds, formatDuration } from './logic/duration';
export { callErrorWords, endReasonWords } from './logic/end-reason';
export { colors } from './theme';
export { useWebRTCCall, type WebRTCCall } from './use-webrtc-call';
export { WebRTCCallButton, type WebRTCCallButtonProps } from './WebRTCCallButton';
