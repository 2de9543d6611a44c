// Readable names for guards and actions as XState v5 stores them at runtime:
// a string, a `{ type, params }` object, or a function (inline, or a built-in
// / combinator carrying marker properties).

type Fn = ((...args: never[]) => unknown) & Record<string, unknown>;

/** Function names XState's parser gives inline lambdas (property keys). */
const ANONYMOUS = new Set(['', 'anonymous', 'guard', 'actions', 'entry', 'exit']);

export function guardName(guard: unknown): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && typeof (guard as { type?: unknown }).type === 'string') {
    return (guard as { type: string }).type;
  }
  if (typeof guard !== 'function') return 'guard';
  const fn = guard as Fn;
  // and()/or()/not() return functions named after the combinator with `.guards`.
  if (Array.isArray(fn.guards)) {
    // `route` transitions wrap the user's guard with an internal matcher.
    const parts = (fn.guards as unknown[]).filter((g) => !isRouteMatcher(g)).map(guardName);
    const kind = combinatorKind(fn);
    if (kind === 'not') return `!${wrap(parts[0] ?? 'guard')}`;
    if (parts.length === 1) return parts[0];
    return parts.map((p) => wrap(p ?? 'guard')).join(kind === 'or' ? ' || ' : ' && ');
  }
  if ('stateValue' in fn) return `in(${stateValueText(fn.stateValue)})`;
  if (isRouteMatcher(fn)) return undefined;
  return ANONYMOUS.has(fn.name) ? 'inline' : fn.name;
}

export function actionName(action: unknown): string {
  if (typeof action === 'string') return action;
  if (typeof action === 'object' && action !== null && typeof (action as { type?: unknown }).type === 'string') {
    return (action as { type: string }).type;
  }
  if (typeof action !== 'function') return 'action';
  const fn = action as Fn;
  if (typeof fn.type === 'string' && fn.type.startsWith('xstate.')) return builtinName(fn);
  return ANONYMOUS.has(fn.name) ? 'inline' : fn.name;
}

// Built-ins (assign, raise, sendTo, ...) are functions with `.type = 'xstate.*'`.
function builtinName(fn: Fn): string {
  const short = String(fn.type).slice('xstate.'.length);
  const eventType = staticEventType(fn.event);
  if ((short === 'raise' || short === 'emit') && eventType) return `${short} ${eventType}`;
  if (short === 'sendTo' && eventType) return `sendTo ${eventType}`;
  if (short === 'spawnChild' && typeof fn.src === 'string') return `spawn ${fn.src}`;
  return short;
}

function staticEventType(event: unknown): string | undefined {
  if (typeof event === 'object' && event !== null && typeof (event as { type?: unknown }).type === 'string') {
    return (event as { type: string }).type;
  }
  return undefined;
}

function combinatorKind(fn: Fn): 'and' | 'or' | 'not' {
  // Combinators are `function and/or/not` with `.check = checkAnd/checkOr/checkNot`.
  const names = [fn.name, typeof fn.check === 'function' ? fn.check.name : ''];
  if (names.some((n) => n === 'not' || n === 'checkNot')) return 'not';
  if (names.some((n) => n === 'or' || n === 'checkOr')) return 'or';
  return 'and';
}

function isRouteMatcher(g: unknown): boolean {
  return typeof g === 'function' && g.name === 'routeMatches';
}

function wrap(s: string): string {
  return /\s/.test(s) ? `(${s})` : s;
}

function stateValueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
