import { useEffect, useState } from 'react';
import { platform } from './platform';

/**
 * Whether to offer switching cameras: asked of the device each time this side's camera goes on (a browser
 * names its cameras only after the permission, which turning the camera on grants).
 */
export function useCameraChoice(cameraOn: boolean): boolean {
  const [choice, setChoice] = useState(false);
  useEffect(() => {
    if (!cameraOn) return;
    let current = true;
    void platform.hasCameraChoice().then((has) => {
      if (current) setChoice(has);
    });
    return () => {
      current = false;
    };
  }, [cameraOn]);
  return cameraOn && choice;
}
