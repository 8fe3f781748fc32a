export { LocalApns, type ReceivedApnsPush } from './apns-service';
export { LocalFcm, type ReceivedFcmMessage } from './fcm-service';
export { makeTestTls, type TestTls } from './tls';
export { LocalWebPushService, type ReceivedWebPush, type TestSubscription } from './web-push-service';
