/** The one logger. Children carry requestId, orgId and userId; secrets are redacted by path. */
import pino from 'pino';
import { env } from './env';

export const logger = pino({
  level: env.NODE_ENV === 'test' ? 'silent' : env.LOG_LEVEL,
  base: { service: 'atrium' },
  redact: {
    paths: ['password', '*.password', 'token', '*.token', 'cookie', '*.cookie', 'headers.cookie', 'authorization'],
    censor: '[redacted]',
  },
});
export type Logger = pino.Logger;
