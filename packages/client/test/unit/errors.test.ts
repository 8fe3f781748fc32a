import { EndReason, ErrorCode } from '@calling/protocol';
import { describe, expect, it } from 'vitest';
import { endReasonForRefusal, micError } from '../../src/errors';

describe('endReasonForRefusal', () => {
  const expected: Record<ErrorCode, EndReason> = {
    busy: 'busy',
    forbidden: 'not_permitted',
    not_found: 'not_permitted',
    unauthorized: 'not_permitted',
    booking_not_callable: 'not_permitted',
    relay_unavailable: 'not_permitted',
    invalid_payload: 'unknown_error',
    no_live_call: 'unknown_error',
    rate_limited: 'unknown_error',
    unavailable: 'unknown_error',
    request_timeout: 'unknown_error',
    conflict: 'unknown_error',
    internal: 'unknown_error',
  };

  it('the expectations cover exactly the protocol`s error codes', () => {
    expect(Object.keys(expected).sort()).toEqual([...ErrorCode.options].sort());
  });

  it.each(ErrorCode.options)('%s maps to its end reason, a valid EndReason', (code) => {
    const reason = endReasonForRefusal(code);
    expect(reason).toBe(expected[code]);
    expect(EndReason.options).toContain(reason);
  });

  it('no server to ask (the socket is down, or no ack in time) ends the call as connection_lost', () => {
    expect(endReasonForRefusal('not_connected')).toBe('connection_lost');
    expect(endReasonForRefusal('timeout')).toBe('connection_lost');
  });
});

describe('micError', () => {
  const exception = (name: string) => Object.assign(new Error('getUserMedia failed'), { name });

  it.each(['NotAllowedError', 'SecurityError', 'PermissionDeniedError'])('%s → media_permission_denied', (name) => {
    expect(micError(exception(name))).toEqual({
      code: 'media_permission_denied',
      message: 'Microphone access was denied. Allow it to make calls.',
    });
  });

  it('NotFoundError → media_unavailable, no microphone', () => {
    expect(micError(exception('NotFoundError'))).toEqual({
      code: 'media_unavailable',
      message: 'No microphone was found.',
    });
  });

  it('works with a plain { name } object (react-native-webrtc, DOMException look-alikes)', () => {
    expect(micError({ name: 'NotAllowedError' }).code).toBe('media_permission_denied');
    expect(micError({ name: 'NotFoundError' }).message).toBe('No microphone was found.');
  });

  it.each([
    ['NotReadableError', exception('NotReadableError')],
    ['OverconstrainedError', exception('OverconstrainedError')],
    ['AbortError', exception('AbortError')],
    ['a plain Error', new Error('boom')],
    ['null', null],
    ['undefined', undefined],
    ['a string', 'NotAllowedError'],
    ['an object without a name', {}],
  ])('%s → media_unavailable, could not be opened', (_label, err) => {
    expect(micError(err)).toEqual({
      code: 'media_unavailable',
      message: 'The microphone could not be opened.',
    });
  });
});
