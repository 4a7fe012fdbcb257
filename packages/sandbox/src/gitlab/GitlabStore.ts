import {
  ACCESS,
  GITLAB_SANDBOX_TOKEN,
  GITLAB_SEED_GROUPS,
  GITLAB_SEED_USERS,
  gitlabPersonalToken,
} from './gitlabSeed';

/** @public */
export type GitlabVisibility = 'private' | 'internal' | 'public';

/** @public */
export interface GitlabUser {
  id: number;
  username: string;
  name: string;
  email: string;
  isAdmin: boolean;
  /** The user's personal namespace. */
  namespaceId: number;
  createdAt: Date;
}

/** @public */
export interface GitlabNamespace {
  id: number;
  kind: 'group' | 'user';
  name: string;
  path: string;
  fullPath: string;
  parentId?: number;
  description: string;
  visibility: GitlabVisibility;
  /** For a user's personal namespace, its owner. */
  ownerId?: number;
  createdAt: Date;
}

/** @public */
export interface GitlabVariable {
  key: string;
  value: string;
  variableType: 'env_var' | 'file';
  protected: boolean;
  masked: boolean;
  hidden: boolean;
  raw: boolean;
  environmentScope: string;
  description?: string;
  /** Who created it and who changed it last (user ids), so tests can tell whose token was used. */
  createdBy: number;
  updatedBy: number;
}

/** @public */
export interface GitlabProtectedBranch {
  id: number;
  name: string;
  pushAccessLevel: number;
  mergeAccessLevel: number;
}

/** @public */
export interface GitlabProject {
  id: number;
  name: string;
  path: string;
  namespaceId: number;
  description?: string;
  visibility: GitlabVisibility;
  defaultBranch: string;
  creatorId: number;
  createdAt: Date;
  lastActivityAt: Date;
  topics: string[];
  /** Settings passed at creation that the stand-in keeps but does not act on. */
  settings: Record<string, unknown>;
  members: Map<number, number>;
  protectedBranches: GitlabProtectedBranch[];
  variables: GitlabVariable[];
}

/** What a token stands for. */
export interface GitlabToken {
  userId: number;
  kind: 'personal' | 'oauth';
  /** OAuth access tokens expire; personal tokens here do not. */
  expiresAt?: Date;
}

/** An OAuth authorization code, redeemable once by the client it was issued to. */
export interface GitlabOAuthGrant {
  userId: number;
  clientId: string;
  redirectUri: string;
  scope: string;
  expiresAt: Date;
}

/**
 * A mutation as the stand-in saw it, with the user whose token made it.
 *
 * @public
 */
export interface GitlabEvent {
  at: string;
  /** The acting user's username. */
  actor: string;
  action:
    | 'project.create'
    | 'project.member.add'
    | 'branch.create'
    | 'branch.protect'
    | 'variable.create'
    | 'variable.update'
    | 'variable.delete'
    | 'repository.push';
  /** The project's full path. */
  project: string;
  details?: Record<string, unknown>;
}

/**
 * The stand-in's users, groups, projects (with their CI/CD variables), tokens and event log, and
 * GitLab's permission rules over them. Repository content lives in git (GitRepositories).
 */
export class GitlabStore {
  readonly users: GitlabUser[] = [];
  readonly namespaces: GitlabNamespace[] = [];
  readonly projects: GitlabProject[] = [];
  readonly tokens = new Map<string, GitlabToken>();
  readonly events: GitlabEvent[] = [];
  readonly oauthCodes = new Map<string, GitlabOAuthGrant>();
  readonly refreshTokens = new Map<
    string,
    { userId: number; clientId: string; scope: string }
  >();
  /** Group memberships: namespace id → user id → access level. */
  private readonly groupMembers = new Map<number, Map<number, number>>();
  private nextProjectId = 1;
  private nextProtectedBranchId = 1;

  private constructor() {}

  static create(options: { now: Date }): GitlabStore {
    const store = new GitlabStore();
    const { now } = options;
    for (const group of GITLAB_SEED_GROUPS) {
      const slash = group.fullPath.lastIndexOf('/');
      const parent =
        slash < 0
          ? undefined
          : store.namespaceByPath(group.fullPath.slice(0, slash));
      store.namespaces.push({
        id: store.namespaces.length + 1,
        kind: 'group',
        name: group.name,
        path: group.fullPath.slice(slash + 1),
        fullPath: group.fullPath,
        parentId: parent?.id,
        description: group.description,
        visibility: 'internal',
        createdAt: now,
      });
    }
    for (const seed of GITLAB_SEED_USERS) {
      const namespaceId = store.namespaces.length + 1;
      const user: GitlabUser = {
        id: store.users.length + 1,
        username: seed.username,
        name: seed.name,
        email: `${seed.username}@northwind.example`,
        isAdmin: seed.isAdmin,
        namespaceId,
        createdAt: now,
      };
      store.users.push(user);
      store.namespaces.push({
        id: namespaceId,
        kind: 'user',
        name: seed.name,
        path: seed.username,
        fullPath: seed.username,
        description: '',
        visibility: 'public',
        ownerId: user.id,
        createdAt: now,
      });
      for (const [path, level] of Object.entries(seed.memberships)) {
        const group = store.namespaceByPath(path)!;
        const members = store.groupMembers.get(group.id) ?? new Map();
        members.set(user.id, level);
        store.groupMembers.set(group.id, members);
      }
      store.tokens.set(
        seed.isAdmin
          ? GITLAB_SANDBOX_TOKEN
          : gitlabPersonalToken(seed.username),
        { userId: user.id, kind: 'personal' },
      );
    }
    return store;
  }

  user(id: number): GitlabUser | undefined {
    return this.users.find(u => u.id === id);
  }

  userByUsername(username: string): GitlabUser | undefined {
    return this.users.find(
      u => u.username.toLowerCase() === username.toLowerCase(),
    );
  }

  namespace(id: number): GitlabNamespace | undefined {
    return this.namespaces.find(n => n.id === id);
  }

  namespaceByPath(fullPath: string): GitlabNamespace | undefined {
    const wanted = fullPath.toLowerCase();
    return this.namespaces.find(n => n.fullPath.toLowerCase() === wanted);
  }

  /** A namespace by numeric id or full path, as GitLab's `:id` parameters take them. */
  findNamespace(idOrPath: string): GitlabNamespace | undefined {
    return /^\d+$/.test(idOrPath)
      ? this.namespace(Number(idOrPath))
      : this.namespaceByPath(idOrPath);
  }

  /** A project by numeric id or `namespace/path`. */
  findProject(idOrPath: string): GitlabProject | undefined {
    if (/^\d+$/.test(idOrPath)) {
      return this.projects.find(p => p.id === Number(idOrPath));
    }
    const wanted = idOrPath.toLowerCase();
    return this.projects.find(p => this.fullPath(p).toLowerCase() === wanted);
  }

  fullPath(project: GitlabProject): string {
    return `${this.namespace(project.namespaceId)!.fullPath}/${project.path}`;
  }

  /** The namespace and its ancestors, nearest first. */
  ancestry(namespace: GitlabNamespace): GitlabNamespace[] {
    const chain: GitlabNamespace[] = [];
    for (
      let n: GitlabNamespace | undefined = namespace;
      n;
      n = n.parentId === undefined ? undefined : this.namespace(n.parentId)
    ) {
      chain.push(n);
    }
    return chain;
  }

  /** A user's role in a namespace: direct or inherited group membership; Owner of their own. */
  namespaceAccess(user: GitlabUser | undefined, ns: GitlabNamespace): number {
    if (!user) return 0;
    if (user.isAdmin) return ACCESS.owner;
    if (ns.kind === 'user') return ns.ownerId === user.id ? ACCESS.owner : 0;
    return Math.max(
      0,
      ...this.ancestry(ns).map(
        n => this.groupMembers.get(n.id)?.get(user.id) ?? 0,
      ),
    );
  }

  projectAccess(user: GitlabUser | undefined, project: GitlabProject): number {
    if (!user) return 0;
    return Math.max(
      project.members.get(user.id) ?? 0,
      this.namespaceAccess(user, this.namespace(project.namespaceId)!),
    );
  }

  /** Whether the project exists for this user at all (GitLab answers 404 otherwise). */
  canSeeProject(user: GitlabUser | undefined, project: GitlabProject): boolean {
    if (project.visibility === 'public') return true;
    if (project.visibility === 'internal') return user !== undefined;
    return this.projectAccess(user, project) >= ACCESS.guest;
  }

  /** Clone, files, branches, commits: Reporter or above on a private project. */
  canReadCode(user: GitlabUser | undefined, project: GitlabProject): boolean {
    if (project.visibility !== 'private') {
      return this.canSeeProject(user, project);
    }
    return this.projectAccess(user, project) >= ACCESS.reporter;
  }

  canSeeNamespace(user: GitlabUser | undefined, ns: GitlabNamespace): boolean {
    if (ns.visibility === 'public') return true;
    if (ns.visibility === 'internal') return user !== undefined;
    return this.namespaceAccess(user, ns) > 0;
  }

  /**
   * GitLab's default "roles allowed to create projects" in a group is Developers and
   * Maintainers (and Owners); in a personal namespace only its owner.
   */
  canCreateProjectIn(user: GitlabUser, ns: GitlabNamespace): boolean {
    return this.namespaceAccess(user, ns) >= ACCESS.developer;
  }

  addProject(
    input: Omit<
      GitlabProject,
      'id' | 'members' | 'protectedBranches' | 'variables' | 'lastActivityAt'
    >,
  ): GitlabProject {
    const project: GitlabProject = {
      ...input,
      id: this.nextProjectId++,
      lastActivityAt: input.createdAt,
      members: new Map(),
      protectedBranches: [],
      variables: [],
    };
    this.projects.push(project);
    return project;
  }

  protectBranch(
    project: GitlabProject,
    branch: Omit<GitlabProtectedBranch, 'id'>,
  ): GitlabProtectedBranch {
    const protectedBranch = { ...branch, id: this.nextProtectedBranchId++ };
    project.protectedBranches.push(protectedBranch);
    return protectedBranch;
  }

  groupMembersOf(ns: GitlabNamespace): Map<number, number> {
    return this.groupMembers.get(ns.id) ?? new Map();
  }

  record(event: GitlabEvent): void {
    this.events.push(event);
  }
}
