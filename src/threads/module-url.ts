/**
 * The URL of a module beside `base` (an `import.meta.url`). Sources run as
 * `.ts` under tsx, the build as `.js`: a thread must load the same kind.
 */
export function siblingModule(base: string, relative: string): string {
  const url = new URL(relative, base);
  if (base.endsWith('.js') && url.pathname.endsWith('.ts')) url.pathname = `${url.pathname.slice(0, -3)}.js`;
  return url.href;
}
