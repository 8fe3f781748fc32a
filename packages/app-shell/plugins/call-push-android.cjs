// Android half of the call-push config plugin: the permissions and declarations a self-managed ConnectionService
// (react-native-callkeep) and a full-screen incoming-call notification (notifee) need, and Firebase's Gradle
// setup when the marketplace supplies its google-services.json.
const path = require('node:path');
const { AndroidConfig, withAndroidManifest, WarningAggregator } = require('expo/config-plugins');

const PERMISSIONS = [
  'android.permission.POST_NOTIFICATIONS',
  'android.permission.USE_FULL_SCREEN_INTENT',
  'android.permission.FOREGROUND_SERVICE',
  'android.permission.FOREGROUND_SERVICE_PHONE_CALL',
  'android.permission.MANAGE_OWN_CALLS',
  'android.permission.RECORD_AUDIO',
  'android.permission.WAKE_LOCK',
];

const SERVICES = [
  {
    $: {
      'android:name': 'io.wazo.callkeep.VoiceConnectionService',
      'android:label': '@string/app_name',
      'android:permission': 'android.permission.BIND_TELECOM_CONNECTION_SERVICE',
      'android:foregroundServiceType': 'phoneCall',
      'android:exported': 'true',
    },
    'intent-filter': [{ action: [{ $: { 'android:name': 'android.telecom.ConnectionService' } }] }],
  },
  // Runs callkeep's headless JS when the person acts on the call while the app is closed.
  { $: { 'android:name': 'io.wazo.callkeep.RNCallKeepBackgroundMessagingService', 'android:exported': 'false' } },
];

function withCallServices(config) {
  return withAndroidManifest(config, (c) => {
    const app = AndroidConfig.Manifest.getMainApplicationOrThrow(c.modResults);
    app.service = (app.service ?? []).filter((s) => !SERVICES.some((d) => d.$['android:name'] === s.$['android:name']));
    app.service.push(...SERVICES);
    // The full-screen notification opens the app over the lock screen and wakes the display.
    const main = AndroidConfig.Manifest.getMainActivityOrThrow(c.modResults);
    main.$['android:showWhenLocked'] = 'true';
    main.$['android:turnScreenOn'] = 'true';
    return c;
  });
}

/** @react-native-firebase/app's own plugin also configures iOS (which uses PushKit here), so only its Android mods. */
function withFirebaseAndroid(config, { googleServicesFile }) {
  if (!googleServicesFile) {
    WarningAggregator.addWarningAndroid(
      'call-push',
      'No google-services.json (CALLING_GOOGLE_SERVICES_FILE): the app builds, FCM push stays off.',
    );
    return config;
  }
  config.android = { ...config.android, googleServicesFile };
  const firebaseDir = path.dirname(require.resolve('@react-native-firebase/app/package.json'));
  const firebase = require(path.join(firebaseDir, 'plugin/build/android'));
  config = firebase.withBuildscriptDependency(config);
  config = firebase.withApplyGoogleServicesPlugin(config);
  config = firebase.withCopyAndroidGoogleServices(config);
  return config;
}

function withCallPushAndroid(config, options) {
  config = AndroidConfig.Permissions.withPermissions(config, PERMISSIONS);
  config = withCallServices(config);
  config = withFirebaseAndroid(config, options);
  return config;
}

module.exports = { withCallPushAndroid };
