import type { EndReason } from '@calling/protocol';
import type { CallError, CallErrorCode } from './types';

/** Why a call that was refused (by the server, or for want of it) counts as ended, from the error code. */
export function endReasonForRefusal(code: CallErrorCode): EndReason {
  switch (code) {
    case 'not_connected':
    case 'timeout':
      return 'connection_lost';
    case 'busy':
      return 'busy';
    case 'forbidden':
    case 'not_found':
    case 'unauthorized':
    case 'booking_not_callable':
    case 'relay_unavailable':
      return 'not_permitted';
    default:
      return 'unknown_error';
  }
}

/** getUserMedia's DOMException names, as the two cases a person can act on. */
export function micError(err: unknown): CallError {
  const name = (err as { name?: string } | null)?.name ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') {
    return { code: 'media_permission_denied', message: 'Microphone access was denied. Allow it to make calls.' };
  }
  return {
    code: 'media_unavailable',
    message: name === 'NotFoundError' ? 'No microphone was found.' : 'The microphone could not be opened.',
  };
}
