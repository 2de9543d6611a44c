import type { Logger } from 'pino';
import { StoreUnavailableError } from '../store/failover.ts';

/** Logs a store fault: a warning, or only at debug while the store is known to be down (that was said once already). */
export function logStoreFault(logger: Logger, err: unknown, context: Record<string, unknown>, message: string): void {
  if (err instanceof StoreUnavailableError) logger.debug({ err, ...context }, message);
  else logger.warn({ err, ...context }, message);
}
