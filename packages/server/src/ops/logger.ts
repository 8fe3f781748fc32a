import { pino } from 'pino';

/**
 * JSON logs. Redaction is a safety net: code never logs phones, tokens or SDP bodies on purpose,
 * and these paths catch them if a whole payload is ever logged by mistake.
 */
export function createLogger(level: string) {
  return pino({
    level,
    redact: {
      paths: [
        'phone',
        '*.phone',
        'password',
        '*.password',
        'token',
        '*.token',
        'sdp',
        '*.sdp',
        '*.*.sdp',
        'req.headers.authorization',
        'candidate',
        '*.candidate',
      ],
      censor: '[redacted]',
    },
  });
}
export type Logger = ReturnType<typeof createLogger>;
