import { StyleSheet } from 'react-native';
import { RTCView } from 'react-native-webrtc';
import type { VideoViewProps } from './types';

/** iOS/Android: react-native-webrtc's RTCView, which draws a stream it knows by its URL. */
export function VideoView({ stream, mirror, fit, front, testID, accessibilityLabel }: VideoViewProps) {
  // The stream came from react-native-webrtc (its MediaStream has toURL); it is typed as the DOM's here.
  const url = (stream as unknown as { toURL(): string }).toURL();
  return (
    <RTCView
      streamURL={url}
      mirror={mirror}
      objectFit={fit}
      // Android draws video on its own surface layers: the self view needs the higher one to show on top.
      zOrder={front ? 1 : 0}
      style={StyleSheet.absoluteFill}
      testID={testID}
      accessibilityLabel={accessibilityLabel}
    />
  );
}
