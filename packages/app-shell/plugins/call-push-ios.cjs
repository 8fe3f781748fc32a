// iOS half of the call-push config plugin: background modes, the push entitlement, and the AppDelegate code that
// reports every VoIP push to CallKit before it returns (iOS ends an app that does not, and stops its VoIP pushes).
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

const TAG = 'calling-call-push';

function withBackgroundModes(config) {
  return withInfoPlist(config, (c) => {
    const modes = new Set(c.modResults.UIBackgroundModes ?? []);
    for (const mode of ['audio', 'voip']) modes.add(mode);
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
  ].join('\n');
}

function delegateCode(incomingCallTitle) {
  return `
// PushKit delivers VoIP pushes here (react-native-voip-push-notification makes the app delegate the registry's
// delegate). The payload's top-level keys are the protocol's PushMessage.
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
    let callUuid = (data["callId"] as? String).flatMap { UUID(uuidString: $0) }
    let ringing = (data["type"] as? String) == "call_ringing" && callUuid != nil
    // Every VoIP push must be reported, also a ring-stopped one or one we cannot read: those are reported and
    // ended at once (an existing ring for the same call is what gets ended).
    let uuid = (callUuid ?? UUID()).uuidString.lowercased()
    let shown = (data["callerName"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? ${swiftString(incomingCallTitle)}
    // callkeep's END_CALL_REASONS for the server's reason (packages/app-shell/src/push/native/ring.ts maps the same).
    let reasons: [String: Int32] = ["answered": 4, "declined": 5, "missed": 6]
    let endReason = reasons[(data["reason"] as? String) ?? ""] ?? 2
    RNVoipPushNotificationManager.didReceiveIncomingPush(with: payload, forType: type.rawValue)
    RNCallKeep.reportNewIncomingCall(
      uuid, handle: shown, handleType: "generic", hasVideo: false, localizedCallerName: shown,
      supportsHolding: false, supportsDTMF: false, supportsGrouping: false, supportsUngrouping: false,
      fromPushKit: true, payload: data,
      withCompletionHandler: {
        if !ringing { RNCallKeep.endCall(withUUID: uuid, reason: endReason) }
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
