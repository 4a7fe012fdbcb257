import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** A commit as `git log` describes it. */
export interface GitCommit {
  id: string;
  parentIds: string[];
  authorName: string;
  authorEmail: string;
  authoredDate: string;
  committerName: string;
  committerEmail: string;
  committedDate: string;
  title: string;
  message: string;
}

export interface GitTreeEntry {
  id: string;
  name: string;
  type: 'blob' | 'tree' | 'commit';
  path: string;
  mode: string;
}

/** Fields of `git log --format`, separated by a unit separator, records by a record separator. */
const LOG_FORMAT = ['%H', '%P', '%an', '%ae', '%aI', '%cn', '%ce', '%cI', '%B']
  .join('%x1f')
  .concat('%x1e');

/** Git must never ask or read the machine's configuration: the stand-in's repos are its own. */
const GIT_ENV = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
  HOME: '/nonexistent',
};

/**
 * The bare repositories behind the stand-in's projects, one per project under `rootDir`
 * (`<rootDir>/<full path>.git`, as git-http-backend's GIT_PROJECT_ROOT expects). Everything
 * the API serves about content is read from them with git, so what was pushed is what is served.
 */
export class GitRepositories {
  private constructor(readonly rootDir: string) {}

  static at(rootDir: string): GitRepositories {
    return new GitRepositories(rootDir);
  }

  /** Git's environment for this stand-in, for the http backend too. */
  static get env(): Record<string, string> {
    return { ...GIT_ENV };
  }

  dirOf(fullPath: string): string {
    return join(this.rootDir, `${fullPath}.git`);
  }

  async create(fullPath: string, defaultBranch: string): Promise<void> {
    const dir = this.dirOf(fullPath);
    await mkdir(dir, { recursive: true });
    await this.git(dir, [
      'init',
      '--bare',
      '--quiet',
      `--initial-branch=${defaultBranch}`,
    ]);
  }

  async setHead(fullPath: string, branch: string): Promise<void> {
    await this.git(this.dirOf(fullPath), [
      'symbolic-ref',
      'HEAD',
      `refs/heads/${branch}`,
    ]);
  }

  /** Branch names with their head commit. */
  async branches(fullPath: string): Promise<Map<string, string>> {
    const out = await this.git(this.dirOf(fullPath), [
      'for-each-ref',
      '--format=%(refname:strip=2)%00%(objectname)',
      'refs/heads/',
    ]);
    const branches = new Map<string, string>();
    for (const line of out.toString('utf8').split('\n')) {
      if (!line) continue;
      const [name, sha] = line.split('\0');
      branches.set(name, sha);
    }
    return branches;
  }

  /** The commit a branch, tag or sha names; undefined when it names none. */
  async resolve(fullPath: string, ref: string): Promise<string | undefined> {
    if (ref.startsWith('-')) return undefined;
    try {
      const out = await this.git(this.dirOf(fullPath), [
        'rev-parse',
        '--verify',
        '--quiet',
        `${ref}^{commit}`,
      ]);
      return out.toString('utf8').trim();
    } catch {
      return undefined;
    }
  }

  /** A file's blob id and content at a commit; undefined when there is no such file. */
  async readFile(
    fullPath: string,
    commit: string,
    filePath: string,
  ): Promise<{ blobId: string; content: Buffer; mode: string } | undefined> {
    const dir = this.dirOf(fullPath);
    const entry = (
      await this.git(dir, ['ls-tree', '-z', commit, '--', filePath])
    )
      .toString('utf8')
      .split('\0')
      .find(Boolean);
    const match = entry && /^(\d+) blob ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (!match || match[3] !== filePath) return undefined;
    const content = await this.git(dir, ['cat-file', 'blob', match[2]]);
    return { blobId: match[2], content, mode: match[1] };
  }

  async tree(
    fullPath: string,
    commit: string,
    path: string,
    recursive: boolean,
  ): Promise<GitTreeEntry[]> {
    const treeish = path ? `${commit}:${path}` : commit;
    const out = await this.git(this.dirOf(fullPath), [
      'ls-tree',
      '-z',
      ...(recursive ? ['-r', '-t'] : []),
      treeish,
    ]).catch(() => undefined);
    if (!out) return [];
    return out
      .toString('utf8')
      .split('\0')
      .filter(Boolean)
      .map(line => {
        const [meta, name] = line.split('\t');
        const [mode, type, id] = meta.split(' ');
        return {
          id,
          name: name.slice(name.lastIndexOf('/') + 1),
          type: type as GitTreeEntry['type'],
          path: path ? `${path}/${name}` : name,
          mode,
        };
      });
  }

  /** Commits reachable from `commit`, newest first, optionally only those touching `path`. */
  async log(
    fullPath: string,
    commit: string,
    options: { path?: string; skip?: number; limit?: number } = {},
  ): Promise<GitCommit[]> {
    const out = await this.git(this.dirOf(fullPath), [
      'log',
      `--format=${LOG_FORMAT}`,
      ...(options.skip ? [`--skip=${options.skip}`] : []),
      ...(options.limit ? [`--max-count=${options.limit}`] : []),
      commit,
      '--',
      ...(options.path ? [options.path] : []),
    ]);
    return out
      .toString('utf8')
      .split('\x1e')
      .map(record => record.replace(/^\n/, ''))
      .filter(Boolean)
      .map(record => {
        const [id, parents, an, ae, ad, cn, ce, cd, body] =
          record.split('\x1f');
        const message = body ?? '';
        return {
          id,
          parentIds: parents ? parents.split(' ') : [],
          authorName: an,
          authorEmail: ae,
          authoredDate: ad,
          committerName: cn,
          committerEmail: ce,
          committedDate: cd,
          title: message.split('\n')[0],
          message,
        };
      });
  }

  async countCommits(
    fullPath: string,
    commit: string,
    path?: string,
  ): Promise<number> {
    const out = await this.git(this.dirOf(fullPath), [
      'rev-list',
      '--count',
      commit,
      '--',
      ...(path ? [path] : []),
    ]);
    return Number(out.toString('utf8').trim());
  }

  async createBranch(
    fullPath: string,
    name: string,
    commit: string,
  ): Promise<void> {
    await this.git(this.dirOf(fullPath), [
      'update-ref',
      `refs/heads/${name}`,
      commit,
      '',
    ]);
  }

  /** Whether `name` is a branch name git accepts. */
  async isValidBranchName(name: string): Promise<boolean> {
    try {
      await this.git(this.rootDir, ['check-ref-format', '--branch', name]);
      return !name.startsWith('-');
    } catch {
      return false;
    }
  }

  /** A gzipped tar of the tree at `commit` (or of `path` in it), every entry under `prefix/`. */
  async archive(
    fullPath: string,
    commit: string,
    prefix: string,
    path?: string,
  ): Promise<Buffer> {
    return this.git(this.dirOf(fullPath), [
      'archive',
      '--format=tar.gz',
      `--prefix=${prefix}/`,
      commit,
      ...(path ? ['--', path] : []),
    ]);
  }

  async remove(): Promise<void> {
    await rm(this.rootDir, { recursive: true, force: true });
  }

  private git(cwd: string, args: string[]): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      execFile(
        'git',
        args,
        { cwd, env: GIT_ENV, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          if (error) {
            reject(
              new Error(
                `git ${args[0]} failed: ${stderr.toString('utf8').trim()}`,
              ),
            );
          } else {
            resolve(stdout);
          }
        },
      );
    });
  }
}
