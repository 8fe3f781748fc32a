// What the AppDelegate's Swift shares with the app's JS, kept in one place the unit test compares with the JS
// (packages/app-shell/test/push-native-ring.test.ts): native code runs before any JS and cannot import it.

/** callkeep's native end-reason numbers for the server's stop reasons (src/push/native/ring.ts END_REASON). */
const STOP_END_REASONS = { answered: 4, declined: 5, missed: 6 };
/** What the app ended itself, or a stop without a reason we know: CallKit's `.remoteEnded`. */
const DEFAULT_END_REASON = 2;
/** CallKit's caller name when the push hides it: ringWords' title for a hidden caller (src/push/ring-words.ts). */
const HIDDEN_CALLER_TITLE = 'Incoming call';

module.exports = { STOP_END_REASONS, DEFAULT_END_REASON, HIDDEN_CALLER_TITLE };
