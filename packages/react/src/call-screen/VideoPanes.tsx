import type { CallVideoView } from '@calling/client';
import { StyleSheet, View } from 'react-native';
import { videoPanes } from '../logic/video-words';
import { platform } from '../platform';

const { VideoView } = platform;

/**
 * The peer's camera, large, behind the rest of the call screen. Shown whole ('contain'): when someone shows a
 * leak or a gate, the edges of the picture matter more than filling the screen.
 */
export function PeerVideo({ view, peerName }: { view: CallVideoView | null; peerName: string | null }) {
  const { peer } = videoPanes(view);
  if (!peer) return null;
  return (
    <View style={styles.peer} pointerEvents="none">
      <VideoView
        stream={peer}
        mirror={false}
        fit="contain"
        front={false}
        testID="call-peer-video"
        accessibilityLabel={`${peerName ?? 'The other side'}'s camera`}
      />
    </View>
  );
}

/** This side's own camera, small, in a corner over everything; mirrored for the front camera, as a mirror is. */
export function SelfVideo({ view }: { view: CallVideoView | null }) {
  const { self } = videoPanes(view);
  if (!self) return null;
  return (
    <View style={styles.self} pointerEvents="none">
      <VideoView
        stream={self}
        mirror={view?.facing === 'user'}
        fit="cover"
        front
        testID="call-self-video"
        accessibilityLabel="Your camera"
      />
    </View>
  );
}

const styles = StyleSheet.create({
  peer: { position: 'absolute', top: 0, left: 0, right: 0, bottom: 0, backgroundColor: '#000' },
  self: {
    position: 'absolute',
    top: 16,
    right: 16,
    width: 96,
    height: 128,
    borderRadius: 12,
    overflow: 'hidden',
    backgroundColor: '#000',
    borderWidth: 1,
    borderColor: 'rgba(248, 250, 252, 0.6)',
  },
});
