/**
 * The application's route table, read from the Express router itself, so a
 * route added tomorrow is covered by the security suites without a test of
 * its own. All portals are mounted at the root, so a route's path is whole.
 */
import type express from 'express';

export interface RouteEntry {
  method: 'GET' | 'POST';
  path: string;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

function walk(stack: Layer[], into: RouteEntry[]): void {
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const method of Object.keys(layer.route.methods)) {
        for (const path of paths) if (method === 'get' || method === 'post') into.push({ method: method.toUpperCase() as RouteEntry['method'], path });
      }
    } else if (layer.handle?.stack) {
      walk(layer.handle.stack, into);
    }
  }
}

export function routesOf(app: express.Express): RouteEntry[] {
  const found: RouteEntry[] = [];
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, found);
  const seen = new Set<string>();
  return found.filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
}

/** The path with its parameters filled in. */
export function pathWith(route: RouteEntry, params: Record<string, string | number>): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => encodeURIComponent(String(params[name] ?? 'x')));
}
