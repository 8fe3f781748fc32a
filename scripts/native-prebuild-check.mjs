#!/usr/bin/env node
// `expo prebuild` of both apps into temp copies (the repository never gets ios/ or android/), offline, from the
// template inside the pinned `expo` package; then the generated projects must carry what ringing a closed app
// needs: iOS background modes voip + audio + remote-notification, the aps-environment entitlement, the AppDelegate's
// PushKit → CallKit code, its APNs device token kept for JS and its background stop push ending the CallKit ring;
// Android the call permissions, callkeep's ConnectionService, the lock-screen activity, FCM's service and,
// when a google-services.json is given (a dummy here, for the user app), Firebase's Gradle plugin. And what the
// call screen's camera needs: iOS's camera usage description, Android's CAMERA permission. And the dark theme
// following the system: iOS's UIUserInterfaceStyle Automatic, Android's expo-system-ui style string automatic.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const plist = require('@expo/plist').default;
const root = resolve(import.meta.dirname, '..');
const env = { ...process.env, EXPO_OFFLINE: '1', EXPO_NO_TELEMETRY: '1', EXPO_NO_GIT_STATUS: '1', CI: '1' };

/** A Firebase client config shaped like the real one; nothing in it reaches Firebase. */
const dummyGoogleServices = (pkg) => ({
  project_info: {
    project_number: '000000000000',
    project_id: 'calling-dummy',
    storage_bucket: 'calling-dummy.appspot.com',
  },
  client: [
    {
      client_info: {
        mobilesdk_app_id: '1:000000000000:android:0000000000000000',
        android_client_info: { package_name: pkg },
      },
      api_key: [{ current_key: 'dummy-not-a-key' }],
    },
  ],
  configuration_version: '1',
});

let failures = 0;
function expect(label, ok) {
  if (!ok) failures += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}`);
}

function checkIos(app, dir) {
  const iosDir = join(dir, 'ios');
  const target = readdirSync(iosDir).find((d) => existsSync(join(iosDir, d, 'AppDelegate.swift')));
  const src = (f) => readFileSync(join(iosDir, target, f), 'utf8');
  const info = plist.parse(src('Info.plist'));
  const entitlements = plist.parse(src(`${target}.entitlements`));
  const delegate = src('AppDelegate.swift');
  const bridging = src(`${target}-Bridging-Header.h`);
  expect(
    `${app} ios: UIBackgroundModes has voip, audio and remote-notification`,
    ['voip', 'audio', 'remote-notification'].every((m) => info.UIBackgroundModes?.includes(m)),
  );
  expect(`${app} ios: NSMicrophoneUsageDescription`, Boolean(info.NSMicrophoneUsageDescription));
  // The call screen's camera button: iOS ends an app that opens the camera without saying why.
  expect(`${app} ios: NSCameraUsageDescription`, Boolean(info.NSCameraUsageDescription));
  // Without it iOS keeps the app light whatever the system says, and useColorScheme() never answers 'dark'.
  expect(`${app} ios: UIUserInterfaceStyle Automatic`, info.UIUserInterfaceStyle === 'Automatic');
  expect(
    `${app} ios: aps-environment entitlement`,
    ['development', 'production'].includes(entitlements['aps-environment']),
  );
  expect(
    `${app} ios: AppDelegate is PushKit's delegate`,
    /extension AppDelegate: PKPushRegistryDelegate/.test(delegate) && /^import PushKit$/m.test(delegate),
  );
  expect(
    `${app} ios: PushKit registered and callkeep set up at launch`,
    /RNVoipPushNotificationManager\.voipRegistration\(\)[\s\S]*return super\.application\(application, didFinishLaunchingWithOptions/.test(
      delegate,
    ) && /RNCallKeep\.setup\(/.test(delegate),
  );
  expect(
    `${app} ios: each VoIP push reported to CallKit`,
    /didReceiveIncomingPushWith payload[\s\S]*RNCallKeep\.reportNewIncomingCall\([\s\S]*fromPushKit: true[\s\S]*completion\(\)/.test(
      delegate,
    ),
  );
  // The overrides must sit in the AppDelegate class itself (Swift extensions cannot override them).
  const appDelegateClass = delegate.match(/^class AppDelegate: ExpoAppDelegate \{[\s\S]*?^\}$/m)?.[0] ?? '';
  expect(
    `${app} ios: registers for remote notifications at launch`,
    /application\.registerForRemoteNotifications\(\)[\s\S]*return super\.application\(application, didFinishLaunchingWithOptions/.test(
      delegate,
    ),
  );
  expect(
    `${app} ios: AppDelegate keeps the APNs device token for JS (UserDefaults calling.apnsDataToken)`,
    /override func application\(\s*_ application: UIApplication,\s*didRegisterForRemoteNotificationsWithDeviceToken deviceToken: Data\s*\)\s*\{[^}]*UserDefaults\.standard\.set\([\s\S]*?forKey: "calling\.apnsDataToken"\)\s*super\.application\(application, didRegisterForRemoteNotificationsWithDeviceToken: deviceToken\)/.test(
      appDelegateClass,
    ),
  );
  const background =
    appDelegateClass.match(
      /override func application\(\s*_ application: UIApplication,\s*didReceiveRemoteNotification userInfo: \[AnyHashable: Any\],\s*fetchCompletionHandler[\s\S]*?\n {2}\}\n/,
    )?.[0] ?? '';
  const endRing = delegate.match(/static func endRing\([\s\S]*?\n {2}\}\n/)?.[0] ?? '';
  expect(
    `${app} ios: a background stop push ends the CallKit call (never reports one); other pushes go to super`,
    /CallingPush\.endRing\(userInfo\)[\s\S]*completionHandler\(\.noData\)[\s\S]*super\.application\(application, didReceiveRemoteNotification: userInfo, fetchCompletionHandler: completionHandler\)/.test(
      background,
    ) &&
      /"call_ring_stopped"[\s\S]*RNCallKeep\.endCall\(withUUID: id, reason: endReason\(data\)\)/.test(endRing) &&
      !/reportNewIncomingCall/.test(background + endRing),
  );
  expect(
    `${app} ios: end reasons answered 4, declined 5, missed 6 (callkeep's numbers)`,
    /endReasons: \[String: Int32\] = \["answered": 4, "declined": 5, "missed": 6\]/.test(delegate),
  );
  expect(
    `${app} ios: bridging header imports callkeep and the PushKit module`,
    bridging.includes('<RNCallKeep/RNCallKeep.h>') &&
      bridging.includes('<RNVoipPushNotification/RNVoipPushNotificationManager.h>'),
  );
}

function checkAndroid(app, dir, { firebase }) {
  const manifest = readFileSync(join(dir, 'android/app/src/main/AndroidManifest.xml'), 'utf8');
  for (const p of [
    'USE_FULL_SCREEN_INTENT',
    'FOREGROUND_SERVICE',
    'FOREGROUND_SERVICE_PHONE_CALL',
    'POST_NOTIFICATIONS',
    'MANAGE_OWN_CALLS',
    'RECORD_AUDIO',
    'CAMERA',
  ]) {
    expect(
      `${app} android: uses-permission ${p}`,
      manifest.includes(`<uses-permission android:name="android.permission.${p}"/>`),
    );
  }
  const service =
    manifest.match(
      /<service android:name="io\.wazo\.callkeep\.VoiceConnectionService"[^>]*>[\s\S]*?<\/service>/,
    )?.[0] ?? '';
  expect(
    `${app} android: ConnectionService bound by BIND_TELECOM_CONNECTION_SERVICE`,
    service.includes('android:permission="android.permission.BIND_TELECOM_CONNECTION_SERVICE"'),
  );
  expect(
    `${app} android: ConnectionService foregroundServiceType phoneCall`,
    service.includes('android:foregroundServiceType="phoneCall"'),
  );
  expect(
    `${app} android: ConnectionService intent filter`,
    service.includes('<action android:name="android.telecom.ConnectionService"/>'),
  );
  const activity = manifest.match(/<activity android:name="\.MainActivity"[^>]*>/)?.[0] ?? '';
  expect(
    `${app} android: MainActivity shows over the lock screen`,
    activity.includes('android:showWhenLocked="true"') && activity.includes('android:turnScreenOn="true"'),
  );
  // FCM's service is declared in @react-native-firebase/messaging's own manifest, merged at build.
  const fcm = readFileSync(
    join(
      dirname(require.resolve('@react-native-firebase/messaging/package.json')),
      'android/src/main/AndroidManifest.xml',
    ),
    'utf8',
  );
  expect(
    `${app} android: FCM messaging service (library manifest)`,
    /ReactNativeFirebaseMessagingService"[\s\S]*?com\.google\.firebase\.MESSAGING_EVENT/.test(fcm),
  );
  // expo-system-ui reads it at start and sets the app's night mode from it (Android has no Info.plist key).
  const strings = readFileSync(join(dir, 'android/app/src/main/res/values/strings.xml'), 'utf8');
  expect(
    `${app} android: expo-system-ui follows the system's dark mode`,
    /<string name="expo_system_ui_user_interface_style"[^>]*>automatic<\/string>/.test(strings),
  );
  const appGradle = readFileSync(join(dir, 'android/app/build.gradle'), 'utf8');
  const applied = appGradle.includes("apply plugin: 'com.google.gms.google-services'");
  const copied = existsSync(join(dir, 'android/app/google-services.json'));
  expect(
    `${app} android: Firebase Gradle plugin ${firebase ? 'applied, config copied' : 'left out (no config given)'}`,
    firebase ? applied && copied : !applied && !copied,
  );
}

/** Expo autolinking for iOS leaves Firebase and notifee out (iOS rings through PushKit and CallKit). */
function checkIosLinking(app, dir) {
  const r = spawnSync('npx', ['expo-modules-autolinking', 'react-native-config', '--platform', 'ios', '--json'], {
    cwd: dir,
    env,
    encoding: 'utf8',
  });
  const linked = Object.keys(JSON.parse(r.stdout || '{}').dependencies ?? {});
  expect(
    `${app} ios: links callkeep and voip-push`,
    ['react-native-callkeep', 'react-native-voip-push-notification'].every((d) => linked.includes(d)),
  );
  expect(
    `${app} ios: does not link Firebase or notifee`,
    !linked.some((d) => d.startsWith('@react-native-firebase/') || d === '@notifee/react-native'),
  );
}

for (const [app, firebase] of [
  ['user', true],
  ['provider', false],
]) {
  const dir = mkdtempSync(join(tmpdir(), `native-prebuild-${app}-`));
  try {
    for (const f of ['app.json', 'package.json', 'tsconfig.json', 'metro.config.js'])
      cpSync(join(root, 'apps', app, f), join(dir, f));
    // Packages resolve from the repository's (hoisted) node_modules, as in the app's own folder.
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const runEnv = { ...env };
    if (firebase) {
      const pkg = JSON.parse(readFileSync(join(dir, 'app.json'), 'utf8')).expo.android.package;
      writeFileSync(join(dir, 'google-services.json'), JSON.stringify(dummyGoogleServices(pkg)));
      runEnv.CALLING_GOOGLE_SERVICES_FILE = join(dir, 'google-services.json');
    }
    console.log(`\n--- apps/${app}: expo prebuild --no-install in ${dir}`);
    const started = Date.now();
    const r = spawnSync('npx', ['expo', 'prebuild', '--no-install', '--platform', 'all'], {
      cwd: dir,
      env: runEnv,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    expect(`${app}: expo prebuild (${((Date.now() - started) / 1000).toFixed(1)} s)`, r.status === 0);
    if (r.status === 0) {
      checkIos(app, dir);
      checkAndroid(app, dir, { firebase });
      checkIosLinking(app, dir);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(failures ? `\n${failures} prebuild check(s) failed` : '\nprebuild checks passed');
process.exit(failures ? 1 : 0);
