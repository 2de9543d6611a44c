import pino, { type Logger } from 'pino';

/**
 * stdout carries the MCP protocol, so every log line goes to stderr (fd 2).
 * Secrets are redacted wherever they might appear in a logged object.
 */
export function createLogger(level: string = process.env.EUROPARL_MCP_LOG_LEVEL ?? 'info'): Logger {
  return pino(
    {
      name: 'europarl-mcp',
      level,
      redact: { paths: ['credential', '*.credential', 'token', '*.token', 'authorization', '*.authorization', 'apiKey', '*.apiKey'], censor: '[redacted]' },
    },
    pino.destination({ fd: 2, sync: false }),
  );
}

/** A logger for `createActor({ logger })`: XState's `log()` must not reach stdout. */
export function actorLogger(logger: Logger) {
  return (...args: unknown[]) => logger.debug({ actorLog: args.length === 1 ? args[0] : args }, 'actor log');
}
