/** Routes a request path to the contract's operations (paths and methods come from the spec). */
import type { Operation } from '../contract/index.ts';

export interface Route {
  template: string;
  regex: RegExp;
  params: string[];
  /** Operations on this path, by method. */
  operations: Map<string, Operation>;
}

export type Match = { route: Route; params: Record<string, string> } | { route: Route; badParam: string } | undefined;

/** Builds the routes; literal paths are tried before templated ones (`/jobs/sub-status` before `/jobs/{jobId}`). */
export function buildRoutes(operations: readonly Operation[], basePath: string): Route[] {
  const byPath = new Map<string, Route>();
  for (const op of operations) {
    let route = byPath.get(op.path);
    if (!route) {
      const params: string[] = [];
      const source = op.path
        .split(/(\{[^}]+\})/)
        .map((part) => {
          const name = /^\{([^}]+)\}$/.exec(part)?.[1];
          if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          params.push(name);
          return '([^/]+)';
        })
        .join('');
      route = { template: op.path, regex: new RegExp(`^${basePath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${source}$`), params, operations: new Map() };
      byPath.set(op.path, route);
    }
    route.operations.set(op.method, op);
  }
  return [...byPath.values()].sort((a, b) => a.params.length - b.params.length || b.template.length - a.template.length);
}

/** The route of a path, with its decoded parameters (or the name of one that does not decode). */
export function matchRoute(routes: readonly Route[], path: string): Match {
  for (const route of routes) {
    const m = route.regex.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    for (let i = 0; i < route.params.length; i++) {
      try {
        params[route.params[i]!] = decodeURIComponent(m[i + 1]!);
      } catch {
        return { route, badParam: route.params[i]! };
      }
    }
    return { route, params };
  }
  return undefined;
}
