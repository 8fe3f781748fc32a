import { useEffect, useRef } from 'react';
import type { VideoViewProps } from './types';

/**
 * Browsers: a <video autoplay playsinline muted> fed the stream by srcObject. Muted because the peer's voice
 * plays through the call's one <audio> element (playRemoteAudio), and a muted video may start without a tap.
 */
export function VideoView({ stream, mirror, fit, front, testID, accessibilityLabel }: VideoViewProps) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    // React sets `muted` as a property only on some versions; autoplay policies read the property.
    video.muted = true;
    video.srcObject = stream;
    video.play().catch(() => undefined);
    return () => {
      video.srcObject = null;
    };
  }, [stream]);
  return (
    <video
      ref={ref}
      autoPlay
      playsInline
      muted
      data-testid={testID}
      aria-label={accessibilityLabel}
      style={{
        width: '100%',
        height: '100%',
        display: 'block',
        objectFit: fit,
        transform: mirror ? 'scaleX(-1)' : undefined,
        backgroundColor: '#000',
        position: 'relative',
        zIndex: front ? 1 : 0,
      }}
    />
  );
}
