import { StyleSheet, Text, View } from 'react-native';
import { Icon, type IconName } from '../Icon';
import { videoRequestLine } from '../logic/video-words';
import { callColors } from '../theme';
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
        <Choice
          testID="call-video-dismiss"
          icon="videocam-off"
          label="Not now"
          accessibilityLabel="Not now: keep my camera off"
          onPress={video.dismissRequest}
          color={callColors.control}
        />
        <Choice
          testID="call-video-show"
          icon="videocam"
          label="Show mine"
          accessibilityLabel="Show mine: turn my camera on"
          onPress={() => video.setCamera(true)}
          color={callColors.primary}
        />
      </View>
    </View>
  );
}

/** One of the two answers: a pill with its icon and words. */
function Choice(props: {
  testID: string;
  icon: IconName;
  label: string;
  accessibilityLabel: string;
  onPress(): void;
  color: string;
}) {
  return (
    <ControlButton
      testID={props.testID}
      accessibilityLabel={props.accessibilityLabel}
      onPress={props.onPress}
      style={[styles.button, { backgroundColor: props.color }]}
    >
      <Icon name={props.icon} size={18} color={callColors.text} testID={`${props.testID}-icon`} />
      <Text style={styles.buttonText}>{props.label}</Text>
    </ControlButton>
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
    marginHorizontal: 16,
    backgroundColor: callColors.panel,
    gap: 10,
  },
  text: { color: callColors.text, fontSize: 16, textAlign: 'center' },
  row: { flexDirection: 'row', flexWrap: 'wrap', justifyContent: 'center', gap: 12 },
  button: {
    flexDirection: 'row',
    alignItems: 'center',
    gap: 6,
    paddingVertical: 8,
    paddingHorizontal: 16,
    borderRadius: 18,
  },
  buttonText: { color: callColors.text, fontSize: 15, fontWeight: '600' },
});
