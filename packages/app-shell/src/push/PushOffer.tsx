import { useWebRTCCall } from '@calling/react';
import { useEffect, useState } from 'react';
import { Text, View } from 'react-native';
import { useSignedIn } from '../session/SessionProvider';
import { sessionStorage } from '../session/storage';
import { Button } from '../ui/Button';
import { useUi } from '../ui/theme';
import { usePushRinging } from './PushRinging';

/**
 * Asks once, at a moment it makes sense (a call just ended), whether this device should ring when the app is
 * closed. Never on first load: the browser's permission prompt follows only the person's tap on Turn on.
 */
export function PushOffer() {
  const ui = useUi();
  const push = usePushRinging();
  const { role } = useSignedIn();
  const { state } = useWebRTCCall();
  const [hadCall, setHadCall] = useState(false);
  const [dismissed, setDismissed] = useState<boolean | null>(null);
  const key = `calling.push.offered.${role}`;

  useEffect(() => {
    void sessionStorage
      .load(key)
      .then((v) => setDismissed(v === 'yes'))
      .catch(() => setDismissed(false));
  }, [key]);
  useEffect(() => {
    if (state === 'ended') setHadCall(true);
  }, [state]);

  if (!hadCall || dismissed !== false || push.state !== 'off' || state !== 'idle') return null;
  const done = () => {
    setDismissed(true);
    void sessionStorage.save(key, 'yes').catch(() => {});
  };
  return (
    <View testID="push-offer" style={[ui.card, { margin: 12 }]}>
      <Text style={ui.text}>Ring this device when the app is closed?</Text>
      <Text style={ui.subtle}>You will not miss a call about your bookings. You can change it in Settings.</Text>
      <View style={ui.row}>
        <Button
          testID="push-offer-on"
          title="Turn on"
          onPress={() => {
            done();
            void push.enable();
          }}
        />
        <Button testID="push-offer-later" title="Not now" tone="plain" onPress={done} />
      </View>
    </View>
  );
}
