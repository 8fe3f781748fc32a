// iOS half of the call-push config plugin: background modes, the push entitlement, and the AppDelegate code that
// reports every VoIP push to CallKit before it returns (iOS ends an app that does not, and stops its VoIP pushes),
// keeps the app's own APNs device token for JS, and ends a CallKit ring when its stop comes as a background push.
const fs = require('node:fs');
const path = require('node:path');
const {
  IOSConfig,
  withAppDelegate,
  withDangerousMod,
  withEntitlementsPlist,
  withInfoPlist,
} = require('expo/config-plugins');
const { mergeContents } = require('@expo/config-plugins/build/utils/generateCode');
const { DEFAULT_END_REASON, STOP_END_REASONS } = require('./call-push-shared.cjs');

const TAG = 'calling-call-push';

function withBackgroundModes(config) {
  return withInfoPlist(config, (c) => {
    const modes = new Set(c.modResults.UIBackgroundModes ?? []);
    // remote-notification: the stop of a ring is a background (content-available) push.
    for (const mode of ['audio', 'voip', 'remote-notification']) modes.add(mode);
    c.modResults.UIBackgroundModes = [...modes];
    return c;
  });
}

function withApsEnvironment(config, { apsEnvironment }) {
  return withEntitlementsPlist(config, (c) => {
    c.modResults['aps-environment'] = apsEnvironment;
    return c;
  });
}

/** The pods are Objective-C without module maps: Swift sees them through the bridging header, not `import`. */
function withBridgingHeader(config) {
  return withDangerousMod(config, [
    'ios',
    async (c) => {
      const sourceRoot = IOSConfig.Paths.getSourceRoot(c.modRequest.projectRoot);
      const header = fs.readdirSync(sourceRoot).find((f) => f.endsWith('-Bridging-Header.h'));
      if (!header) throw new Error(`call-push: no bridging header in ${sourceRoot}`);
      const file = path.join(sourceRoot, header);
      const merged = mergeContents({
        tag: TAG,
        src: fs.readFileSync(file, 'utf8'),
        newSrc: [
          '#import <RNCallKeep/RNCallKeep.h>',
          '#import <RNVoipPushNotification/RNVoipPushNotificationManager.h>',
        ].join('\n'),
        anchor: /Use this file to import/,
        offset: 2,
        comment: '//',
      });
      fs.writeFileSync(file, merged.contents);
      return c;
    },
  ]);
}

const swiftString = (s) => JSON.stringify(String(s));

function launchCode(appName) {
  return [
    '    // CallKit is set up before JS runs so a VoIP push that launched the app can be reported at once.',
    `    RNCallKeep.setup(["appName": ${swiftString(appName)}, "maximumCallGroups": "1", "maximumCallsPerCallGroup": "1", "supportsVideo": false, "includesCallsInRecents": false])`,
    '    RNVoipPushNotificationManager.voipRegistration()',
    "    // The device token for background pushes (a ring's stop); asks the person nothing.",
    '    application.registerForRemoteNotifications()',
  ].join('\n');
}

/** Inside the AppDelegate class: the overrides of ExpoAppDelegate's remote-notification methods. */
const remoteNotificationCode = `
  // The app's own APNs device token: the server sends a ring's stop there as a background push. JS reads it from
  // UserDefaults through React Native's Settings (src/push/native/tokens.ios.ts), also one that came before JS.
  public override func application(
    _ application: UIApplication,
    didRegisterForRemoteNotificationsWithDeviceToken deviceToken: Data
  ) {
    UserDefaults.standard.set(deviceToken.map { String(format: "%02x", $0) }.joined(), forKey: "calling.apnsDataToken")
    super.application(application, didRegisterForRemoteNotificationsWithDeviceToken: deviceToken)
  }

  // A ring's stop (background push, also when the app was not running): ends that call's CallKit ring, natively,
  // so it works before or without JS. Anything else goes to Expo's subscribers.
  public override func application(
    _ application: UIApplication,
    didReceiveRemoteNotification userInfo: [AnyHashable: Any],
    fetchCompletionHandler completionHandler: @escaping (UIBackgroundFetchResult) -> Void
  ) {
    if CallingPush.endRing(userInfo) {
      completionHandler(.noData)
      return
    }
    super.application(application, didReceiveRemoteNotification: userInfo, fetchCompletionHandler: completionHandler)
  }
`;

function delegateCode(incomingCallTitle) {
  const reasons = Object.entries(STOP_END_REASONS)
    .map(([k, v]) => `${swiftString(k)}: ${v}`)
    .join(', ');
  return `
// The protocol's PushMessage, as the top-level keys of an APNs payload.
fileprivate enum CallingPush {
  // callkeep's END_CALL_REASONS for the server's reason (packages/app-shell/plugins/call-push-shared.cjs).
  static let endReasons: [String: Int32] = [${reasons}]

  static func callId(_ data: [AnyHashable: Any]) -> String? {
    guard let id = data["callId"] as? String, UUID(uuidString: id) != nil else { return nil }
    return id.lowercased()
  }

  static func endReason(_ data: [AnyHashable: Any]) -> Int32 {
    return endReasons[(data["reason"] as? String) ?? ""] ?? ${DEFAULT_END_REASON}
  }

  /// Ends the CallKit call of a \`call_ring_stopped\` push; false for any other push. CallKit ignores the end of a
  /// UUID it does not know, so a stop never reports a call.
  static func endRing(_ data: [AnyHashable: Any]) -> Bool {
    guard (data["type"] as? String) == "call_ring_stopped", let id = callId(data) else { return false }
    RNCallKeep.endCall(withUUID: id, reason: endReason(data))
    return true
  }
}

// PushKit delivers VoIP pushes here (react-native-voip-push-notification makes the app delegate the registry's
// delegate). The server sends only rings over PushKit.
extension AppDelegate: PKPushRegistryDelegate {
  func pushRegistry(_ registry: PKPushRegistry, didUpdate credentials: PKPushCredentials, for type: PKPushType) {
    RNVoipPushNotificationManager.didUpdate(credentials, forType: type.rawValue)
  }

  func pushRegistry(_ registry: PKPushRegistry, didInvalidatePushTokenFor type: PKPushType) {}

  func pushRegistry(
    _ registry: PKPushRegistry,
    didReceiveIncomingPushWith payload: PKPushPayload,
    for type: PKPushType,
    completion: @escaping () -> Void
  ) {
    let data = payload.dictionaryPayload
    let ringing = (data["type"] as? String) == "call_ringing" ? CallingPush.callId(data) : nil
    // iOS ends an app that does not report every VoIP push to CallKit. Defensive only: a push that is not a
    // readable ring (a stop from an older server, say) is reported under a new UUID and ended at once, and a
    // stop also ends its call's ring.
    let uuid = ringing ?? UUID().uuidString.lowercased()
    let name = (data["callerName"] as? String).flatMap { $0.isEmpty ? nil : $0 }
    let shown = (ringing == nil ? nil : name) ?? ${swiftString(incomingCallTitle)}
    RNVoipPushNotificationManager.didReceiveIncomingPush(with: payload, forType: type.rawValue)
    RNCallKeep.reportNewIncomingCall(
      uuid, handle: shown, handleType: "generic", hasVideo: false, localizedCallerName: shown,
      supportsHolding: false, supportsDTMF: false, supportsGrouping: false, supportsUngrouping: false,
      fromPushKit: true, payload: data,
      withCompletionHandler: {
        if ringing == nil {
          RNCallKeep.endCall(withUUID: uuid, reason: CallingPush.endReason(data))
          _ = CallingPush.endRing(data)
        }
        completion()
      })
  }
}
`;
}

function withPushKitAppDelegate(config, { incomingCallTitle }) {
  return withAppDelegate(config, (c) => {
    if (c.modResults.language !== 'swift') throw new Error('call-push: expected a Swift AppDelegate (Expo SDK 53+)');
    let src = c.modResults.contents;
    src = mergeContents({
      tag: `${TAG}-import`,
      src,
      newSrc: 'import PushKit',
      anchor: /^import React$/m,
      offset: 1,
      comment: '//',
    }).contents;
    src = mergeContents({
      tag: `${TAG}-launch`,
      src,
      newSrc: launchCode(c.name),
      anchor: /return super\.application\(application, didFinishLaunchingWithOptions: launchOptions\)/,
      offset: 0,
      comment: '//',
    }).contents;
    src = mergeContents({
      tag: `${TAG}-remote-notifications`,
      src,
      newSrc: remoteNotificationCode,
      anchor: /^ {2}\/\/ Linking API$/m,
      offset: 0,
      comment: '//',
    }).contents;
    src = mergeContents({
      tag: `${TAG}-delegate`,
      src,
      newSrc: delegateCode(incomingCallTitle),
      anchor: /^class ReactNativeDelegate/m,
      offset: 0,
      comment: '//',
    }).contents;
    c.modResults.contents = src;
    return c;
  });
}

function withCallPushIos(config, options) {
  config = withBackgroundModes(config);
  config = withApsEnvironment(config, options);
  config = withBridgingHeader(config);
  config = withPushKitAppDelegate(config, options);
  return config;
}

module.exports = { withCallPushIos };
