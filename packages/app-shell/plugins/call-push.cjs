// Config plugin both apps list in app.json: what `expo prebuild` must write so a call rings while the app is in
// the background or closed (PushKit + CallKit on iOS, FCM + ConnectionService + a full-screen notification on
// Android). react-native-callkeep's own config plugin is not used: it is published for Expo 56, points its header
// search path at the app folder's node_modules (ours are hoisted to the repository root) and asks for phone
// permissions a self-managed ConnectionService does not need.
const { createRunOncePlugin } = require('expo/config-plugins');
const { HIDDEN_CALLER_TITLE } = require('./call-push-shared.cjs');
const { withCallPushIos } = require('./call-push-ios.cjs');
const { withCallPushAndroid } = require('./call-push-android.cjs');

/**
 * @param {import('expo/config-plugins').ExpoConfig} config
 * @param {{ apsEnvironment?: 'development' | 'production', googleServicesFile?: string, incomingCallTitle?: string }} [props]
 */
function withCallPush(config, props = {}) {
  const options = {
    // The entitlement has to match the provisioning profile: release builds pass 'production' (or set the env).
    apsEnvironment: process.env.CALLING_APS_ENVIRONMENT || props.apsEnvironment || 'development',
    // The marketplace's own Firebase project: never committed here; without it the app builds and FCM stays off.
    googleServicesFile: process.env.CALLING_GOOGLE_SERVICES_FILE || props.googleServicesFile || null,
    // What CallKit shows when the push hides the caller's name. The AppDelegate reports the ring before any JS
    // runs, so it cannot use ringWords; the default is ringWords' own (compared by the unit test), the option
    // lets a marketplace with other wording or language set it at build time.
    incomingCallTitle: props.incomingCallTitle || HIDDEN_CALLER_TITLE,
  };
  config = withCallPushIos(config, options);
  config = withCallPushAndroid(config, options);
  return config;
}

module.exports = createRunOncePlugin(withCallPush, '@calling/call-push', '1');
