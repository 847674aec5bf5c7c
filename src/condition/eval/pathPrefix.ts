// `pmatch`: whether any of a set of paths is a prefix of the value, component by component
// (so /var/run matches /var/run/docker but not /var/runner or /var). Components of the search
// paths may be globs (/opt/*/bin). This mirrors libsinsp's path_prefix_map, including a
// shorter path superseding longer ones below it. Matching walks the value in place: only glob
// components cut substrings out of it.

import { compileGlob } from './glob.js';

interface Child {
  component: string;
  glob: RegExp | undefined;
  /** Deeper components; null when a search path ends here (a match from here down). */
  subtree: PrefixNode | null;
}

class PrefixNode {
  readonly direct: Child[] = [];
  readonly globs: Child[] = [];

  add(components: readonly string[], index: number): void {
    const component = components[index];
    const isGlob = /[?*[]/.test(component);
    const children = isGlob ? this.globs : this.direct;
    const last = index === components.length - 1;
    const existing = children.find((c) => c.component === component);
    if (existing === undefined) {
      let subtree: PrefixNode | null = null;
      if (!last) {
        subtree = new PrefixNode();
        subtree.add(components, index + 1);
      }
      children.push({ component, glob: isGlob ? compileGlob(component, false) : undefined, subtree });
    } else if (last) {
      existing.subtree = null; // this path covers everything the longer ones did
    } else if (existing.subtree !== null) {
      existing.subtree.add(components, index + 1);
    }
  }

  /** Matches the component path[start, end), then what follows it from `end`. */
  match(path: string, start: number, end: number): boolean {
    const length = end - start;
    for (const child of this.direct) {
      if (
        child.component.length === length &&
        path.startsWith(child.component, start) &&
        this.check(child, path, end)
      ) {
        return true;
      }
    }
    if (this.globs.length === 0) return false;
    // libsinsp advances its cursor after a glob matched whose subtree then failed, so the next
    // glob (in hash-map order) sees the following component; that depends on iteration order,
    // so Kestrel tries every glob against the same component
    const component = path.slice(start, end);
    for (const child of this.globs) {
      if ((child.glob as RegExp).test(component) && this.check(child, path, end)) return true;
    }
    return false;
  }

  /** Whether `child` matched, given what of the path remains after `from`. */
  check(child: Child, path: string, from: number): boolean {
    let start = from;
    while (start < path.length && path.charCodeAt(start) === 47) start++;
    // the path is exhausted: a match only if a search path ends here too
    if (start >= path.length) return child.subtree === null;
    if (child.subtree === null) return true;
    const slash = path.indexOf('/', start);
    return child.subtree.match(path, start, slash < 0 ? path.length : slash);
  }
}

export class PathPrefixSearch {
  // every path hangs under a dummy root component, so that '/' is a search path too
  private readonly root = new PrefixNode();

  constructor(paths: Iterable<string>) {
    for (const p of paths) this.root.add(['root', ...p.split('/').filter((c) => c.length > 0)], 0);
  }

  matches(path: string): boolean {
    const root = this.root.direct[0];
    return root !== undefined && this.root.check(root, path, 0);
  }
}
