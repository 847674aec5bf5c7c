// How rule names are matched when rules are enabled or disabled: exactly, by substring (the old
// `-D` option) or by wildcard (the `rules:` configuration, `*` only). An empty pattern matches
// every rule in exact and substring modes, as in Falco.

export type MatchType = 'exact' | 'substring' | 'wildcard';

/**
 * Falco's wildcard matching: `*` stands for any run of characters. Like Falco it looks for each
 * literal piece at its first occurrence and does not backtrack, so `*ab` does not match `abab`.
 */
export function matchesWildcard(pattern: string, s: string): boolean {
  const star = pattern.indexOf('*');
  if (star === -1) return pattern === s;
  if (star > 0) {
    if (pattern.slice(0, star) !== s.slice(0, star)) return false;
    return matchesWildcard(pattern.slice(star), s.slice(star));
  }
  let next = 0;
  while (next < pattern.length && pattern[next] === '*') next++;
  if (next === pattern.length) return true;
  const rest = pattern.slice(next);
  const nextStar = rest.indexOf('*');
  const literal = nextStar === -1 ? rest : rest.slice(0, nextStar);
  const at = s.indexOf(literal);
  if (at === -1) return false;
  return matchesWildcard(rest.slice(literal.length), s.slice(at + literal.length));
}

export function ruleNameMatches(pattern: string, match: MatchType, name: string): boolean {
  switch (match) {
    case 'exact':
      return pattern === '' || pattern === name;
    case 'substring':
      return pattern === '' || name.includes(pattern);
    case 'wildcard':
      return matchesWildcard(pattern, name);
  }
}
