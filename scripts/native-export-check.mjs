#!/usr/bin/env node
// The native half of the apps: `expo export` for Android and iOS (offline, plain JS instead of Hermes bytecode so
// it can be read) for both apps into a temp folder, and each bundle must carry react-native-webrtc (its native
// module and peer connection calls), the in-call audio manager, expo-haptics (the call alerts) and the icon set
// (@expo/vector-icons' Material Icons font, registered as an asset and shipped in the export, and expo-font's native
// loader): the native WebRTC path resolves and compiles, and the call controls have their glyphs.
// Each also carries the call-push modules its platform rings with (loaded by the apps' entry, see
// packages/app-shell/entry.js): callkeep on both, PushKit's on iOS, notifee and Firebase messaging on Android, and
// the iOS bundle none of Android's (the platform files resolved, not both); the stored session a decline from a
// closed app uses on both, and on iOS the UserDefaults key the AppDelegate keeps the APNs device token under.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = { ...process.env, EXPO_OFFLINE: '1', EXPO_NO_TELEMETRY: '1', CI: '1' };
const platforms = ['android', 'ios'];
/** Strings that only react-native-webrtc and react-native-incall-manager put in a bundle. */
const webrtcMarkers = ['WebRTCModule', 'peerConnectionInit', 'InCallManager'];
/** The call alerts' native module: expo-haptics (the connect and end taps). */
const alertMarkers = ['ExpoHaptics'];
/** The icons' font as Metro registers it (the hash names its file in the export's assets/), and its loader. */
const iconFont = /hash:"([0-9a-f]{32})",name:"MaterialIcons",type:"ttf"/;
const iconMarkers = ['ExpoFontLoader'];
/** Native module names of the push libraries, and strings of our own modules (channels, storage keys). */
const pushMarkers = {
  ios: [
    'RNCallKeep',
    'RNCallKeepPerformAnswerCallAction',
    'RNVoipPushNotificationManager',
    'calling.apnsDataToken',
    'calling.push.session',
  ],
  android: [
    'RNCallKeep',
    'RNCallKeepPerformAnswerCallAction',
    'NotifeeApiModule',
    'NativeRNFBTurboMessaging',
    'incoming-calls',
    'missed-calls',
    'calling.push.session',
  ],
};
const absentMarkers = { ios: ['NotifeeApiModule', 'NativeRNFBTurboMessaging'], android: [] };

let failures = 0;
for (const app of ['user', 'provider']) {
  const out = mkdtempSync(join(tmpdir(), `native-export-${app}-`));
  const args = ['expo', 'export', ...platforms.flatMap((p) => ['--platform', p]), '--no-bytecode', '--output-dir', out];
  console.log(`\n--- apps/${app}: npx ${args.join(' ')}`);
  const r = spawnSync('npx', args, { cwd: `apps/${app}`, env, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) {
    console.error(`apps/${app}: expo export failed (${r.status})`);
    failures += 1;
  } else {
    for (const platform of platforms) {
      const dir = join(out, '_expo', 'static', 'js', platform);
      const bundles = readdirSync(dir).filter((f) => f.endsWith('.js'));
      const code = bundles.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
      const missing = [...webrtcMarkers, ...alertMarkers, ...iconMarkers, ...pushMarkers[platform]].filter(
        (m) => !code.includes(m),
      );
      const font = iconFont.exec(code)?.[1];
      if (!font || !existsSync(join(out, 'assets', font))) missing.push('the MaterialIcons font (asset)');
      const stray = absentMarkers[platform].filter((m) => code.includes(m));
      const size = (code.length / 1e6).toFixed(1);
      if (missing.length || stray.length) {
        const what = [missing.length && `lacks ${missing.join(', ')}`, stray.length && `has ${stray.join(', ')}`];
        console.error(`apps/${app} ${platform}: bundle (${size} MB) ${what.filter(Boolean).join('; ')}`);
        failures += 1;
      } else {
        const push = pushMarkers[platform].join(', ');
        console.log(
          `apps/${app} ${platform}: bundle ${size} MB with react-native-webrtc, InCallManager, expo-haptics, the MaterialIcons font and ${push}`,
        );
      }
    }
  }
  rmSync(out, { recursive: true, force: true });
}
process.exit(failures ? 1 : 0);
