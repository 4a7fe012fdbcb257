/*
 * Docker's .dockerignore semantics (moby's patternmatcher), so that the build context can be
 * listed on a machine without a Docker engine: each line is a pattern on the path relative to
 * the context, cleaned and without a leading "/"; "*" and "?" stay within one path segment,
 * "**" spans any number of them; a pattern that matches a parent directory matches everything
 * under it; "!" re-includes; the last pattern that matches decides. Blank lines and lines
 * starting with "#" are skipped.
 */
import path from 'node:path';

interface Pattern {
  exclusion: boolean;
  regexp: RegExp;
}

function toRegExp(pattern: string): RegExp {
  let source = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') {
          i++;
          source += '(.*/)?';
        } else {
          source += '.*';
        }
      } else {
        source += '[^/]*';
      }
    } else if (ch === '?') {
      source += '[^/]';
    } else if (ch === '\\' && i + 1 < pattern.length) {
      i++;
      source += `\\${pattern[i]}`;
    } else if (ch === '[') {
      // A character class as filepath.Match takes it: "[^...]" or "[!...]" negate.
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) throw new Error(`unclosed "[" in ${pattern}`);
      source += `[${pattern.slice(i + 1, close).replace(/^!/, '^')}]`;
      i = close;
    } else {
      source += ch.replace(/[.+^${}()|/]/g, c => `\\${c}`);
    }
  }
  return new RegExp(`${source}$`);
}

/** Parses a .dockerignore file; the result tells whether a relative path is left out. */
export function createDockerignoreMatcher(
  content: string,
): (relativePath: string) => boolean {
  const patterns: Pattern[] = [];
  for (const raw of content.split(/\r?\n/)) {
    let line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const exclusion = line.startsWith('!');
    if (exclusion) line = line.slice(1).trim();
    const cleaned = path.posix.normalize(line).replace(/^\/+/, '');
    if (cleaned === '.' || cleaned === '') continue;
    patterns.push({ exclusion, regexp: toRegExp(cleaned) });
  }
  return relativePath => {
    const parents = path.posix.dirname(relativePath).split('/');
    let excluded = false;
    for (const { exclusion, regexp } of patterns) {
      let match = regexp.test(relativePath);
      if (!match && parents[0] !== '.') {
        for (let i = 1; i <= parents.length && !match; i++) {
          match = regexp.test(parents.slice(0, i).join('/'));
        }
      }
      if (match) excluded = !exclusion;
    }
    return excluded;
  };
}
