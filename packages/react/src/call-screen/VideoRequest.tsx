import { StyleSheet, Text, View } from 'react-native';
import { videoRequestLine } from '../logic/video-words';
import { colors } from '../theme';
import type { WebRTCVideo } from '../use-call-video';
import { ControlButton } from './ControlButton';

/**
 * The peer turned its camera on while this one is off: ask, and leave the choice to the person. Nothing here
 * turns a camera on unless "Show mine" is pressed.
 */
export function VideoRequest({ video, peerName }: { video: WebRTCVideo; peerName: string | null }) {
  if (!video.view?.asked) return null;
  const line = videoRequestLine(peerName);
  return (
    <View style={styles.box} accessibilityRole="alert" aria-live="polite">
      <Text testID="call-video-request" style={styles.text}>
        {line}
      </Text>
      <View style={styles.row}>
        <ControlButton
          testID="call-video-dismiss"
          accessibilityLabel="Not now: keep my camera off"
          onPress={video.dismissRequest}
          style={[styles.button, styles.secondary]}
        >
          <Text style={styles.buttonText}>Not now</Text>
        </ControlButton>
        <ControlButton
          testID="call-video-show"
          accessibilityLabel="Show mine: turn my camera on"
          onPress={() => video.setCamera(true)}
          style={[styles.button, styles.primary]}
        >
          <Text style={styles.buttonText}>Show mine</Text>
        </ControlButton>
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  box: {
    alignSelf: 'center',
    alignItems: 'center',
    marginTop: 16,
    paddingVertical: 12,
    paddingHorizontal: 16,
    borderRadius: 12,
    backgroundColor: 'rgba(15, 23, 42, 0.85)',
    gap: 10,
  },
  text: { color: colors.overlayText, fontSize: 16, textAlign: 'center' },
  row: { flexDirection: 'row', gap: 12 },
  button: { paddingVertical: 8, paddingHorizontal: 16, borderRadius: 18 },
  primary: { backgroundColor: colors.primary },
  secondary: { backgroundColor: colors.control },
  buttonText: { color: colors.overlayText, fontSize: 15, fontWeight: '600' },
});
