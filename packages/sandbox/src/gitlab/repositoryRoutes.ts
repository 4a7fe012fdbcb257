import { createHash } from 'node:crypto';
import type { SandboxResponse } from '../server/SandboxRequest';
import { jsonResponse, type GitlabCall, type GitlabRoute } from './GitlabCall';
import { GitlabError } from './GitlabError';
import type { GitlabProject } from './GitlabStore';
import { ACCESS } from './gitlabSeed';
import { commitJson } from './gitlabJson';
import { paginateGitlab } from './paginateGitlab';
import { projectWithAccess, readableProject } from './projectAccess';

/** The commit `ref` names (default: the project's default branch), or GitLab's 404. */
async function commitOf(
  call: GitlabCall,
  project: GitlabProject,
  ref: string | undefined,
  what = 'Commit',
): Promise<string> {
  const sha = await call.repos.resolve(
    call.store.fullPath(project),
    ref ?? project.defaultBranch,
  );
  if (!sha) throw GitlabError.notFound(what);
  return sha;
}

async function readFile(call: GitlabCall) {
  const project = readableProject(call);
  const ref = call.input.string('ref');
  const fullPath = call.store.fullPath(project);
  const commit = await commitOf(call, project, ref, 'File');
  const filePath = call.params.file;
  const file = await call.repos.readFile(fullPath, commit, filePath);
  if (!file) throw GitlabError.notFound('File');
  const [last] = await call.repos.log(fullPath, commit, {
    path: filePath,
    limit: 1,
  });
  return {
    project,
    ref: ref ?? project.defaultBranch,
    commit,
    file,
    last,
    filePath,
  };
}

function fileHeaders(found: Awaited<ReturnType<typeof readFile>>) {
  return {
    'x-gitlab-blob-id': found.file.blobId,
    'x-gitlab-commit-id': found.commit,
    'x-gitlab-last-commit-id': found.last.id,
    'x-gitlab-file-path': found.filePath,
    'x-gitlab-file-name': found.filePath.slice(
      found.filePath.lastIndexOf('/') + 1,
    ),
    'x-gitlab-ref': found.ref,
    'x-gitlab-size': String(found.file.content.length),
    etag: `"${found.file.blobId}"`,
    'last-modified': new Date(found.last.committedDate).toUTCString(),
  };
}

async function branchJson(
  call: GitlabCall,
  project: GitlabProject,
  name: string,
  sha: string,
) {
  const fullPath = call.store.fullPath(project);
  const [commit] = await call.repos.log(fullPath, sha, { limit: 1 });
  const webUrl = `${call.baseUrl}/${fullPath}`;
  const protection = project.protectedBranches.find(b => b.name === name);
  const level = call.store.projectAccess(call.user, project);
  return {
    name,
    merged: false,
    protected: protection !== undefined,
    default: name === project.defaultBranch,
    developers_can_push:
      !protection || protection.pushAccessLevel <= ACCESS.developer,
    developers_can_merge:
      !protection || protection.mergeAccessLevel <= ACCESS.developer,
    can_push: level >= (protection?.pushAccessLevel ?? ACCESS.developer),
    web_url: `${webUrl}/-/tree/${name}`,
    commit: commitJson(commit, webUrl),
  };
}

/** Repository content, read from the project's bare repository with git. */
export const repositoryRoutes: GitlabRoute[] = [
  {
    method: 'GET',
    path: '/projects/:id/repository/files/:file/raw',
    operation: 'showRawRepositoryFile',
    handle: async call => {
      const found = await readFile(call);
      const headers = fileHeaders(found);
      if (call.request.headers['if-none-match'] === headers.etag) {
        return { statusCode: 304, headers, body: '' };
      }
      return {
        statusCode: 200,
        headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
        body: found.file.content,
      };
    },
  },
  {
    method: 'GET',
    path: '/projects/:id/repository/files/:file',
    operation: 'showRepositoryFile',
    handle: async call => {
      call.input.require('ref');
      const found = await readFile(call);
      const { content, blobId, mode } = found.file;
      return jsonResponse(
        200,
        {
          file_name: found.filePath.slice(found.filePath.lastIndexOf('/') + 1),
          file_path: found.filePath,
          size: content.length,
          encoding: 'base64',
          content: content.toString('base64'),
          content_sha256: createHash('sha256').update(content).digest('hex'),
          ref: found.ref,
          blob_id: blobId,
          commit_id: found.commit,
          last_commit_id: found.last.id,
          execute_filemode: mode === '100755',
        },
        fileHeaders(found),
      );
    },
  },
  {
    method: 'GET',
    path: '/projects/:id/repository/branches',
    operation: 'allBranches',
    handle: async call => {
      const project = readableProject(call);
      const search = call.input.string('search');
      const branches = [
        ...(await call.repos.branches(call.store.fullPath(project))),
      ].filter(([name]) => !search || name.includes(search));
      const rendered = await Promise.all(
        branches.map(([name, sha]) => branchJson(call, project, name, sha)),
      );
      return paginateGitlab(call, rendered, b => b);
    },
  },
  {
    method: 'GET',
    path: '/projects/:id/repository/branches/:branch',
    operation: 'showBranch',
    handle: async call => {
      const project = readableProject(call);
      const branches = await call.repos.branches(call.store.fullPath(project));
      const sha = branches.get(call.params.branch);
      if (!sha) throw GitlabError.notFound('Branch');
      return jsonResponse(
        200,
        await branchJson(call, project, call.params.branch, sha),
      );
    },
  },
  {
    method: 'POST',
    path: '/projects/:id/repository/branches',
    operation: 'createBranch',
    handle: async call => {
      const { project, user } = projectWithAccess(call, ACCESS.developer);
      call.input.require('branch', 'ref');
      const name = call.input.string('branch')!;
      const fullPath = call.store.fullPath(project);
      if (!(await call.repos.isValidBranchName(name))) {
        throw new GitlabError(400, { message: 'Branch name is invalid' });
      }
      if ((await call.repos.branches(fullPath)).has(name)) {
        throw new GitlabError(400, { message: 'Branch already exists' });
      }
      const sha = await call.repos.resolve(fullPath, call.input.string('ref')!);
      if (!sha)
        throw new GitlabError(400, { message: 'Invalid reference name' });
      await call.repos.createBranch(fullPath, name, sha);
      call.store.record({
        at: call.now.toISOString(),
        actor: user.username,
        action: 'branch.create',
        project: fullPath,
        details: { branch: name, commit: sha },
      });
      return jsonResponse(201, await branchJson(call, project, name, sha));
    },
  },
  {
    method: 'GET',
    path: '/projects/:id/repository/commits',
    operation: 'allCommits',
    handle: async call => {
      const project = readableProject(call);
      const fullPath = call.store.fullPath(project);
      const sha = await call.repos.resolve(
        fullPath,
        call.input.string('ref_name') ?? project.defaultBranch,
      );
      // An unknown ref (or an empty repository) lists no commits, as GitLab does.
      if (!sha) return paginateGitlab(call, [], c => c);
      const path = call.input.string('path');
      const commits = await call.repos.log(fullPath, sha, { path });
      const webUrl = `${call.baseUrl}/${fullPath}`;
      return paginateGitlab(call, commits, c => commitJson(c, webUrl));
    },
  },
  {
    method: 'GET',
    path: '/projects/:id/repository/commits/:sha',
    operation: 'showCommit',
    handle: async call => {
      const project = readableProject(call);
      const fullPath = call.store.fullPath(project);
      const sha = await commitOf(call, project, call.params.sha);
      const [commit] = await call.repos.log(fullPath, sha, { limit: 1 });
      return jsonResponse(
        200,
        commitJson(commit, `${call.baseUrl}/${fullPath}`),
      );
    },
  },
  {
    method: 'GET',
    path: '/projects/:id/repository/tree',
    operation: 'allRepositoryTrees',
    handle: async call => {
      const project = readableProject(call);
      const sha = await commitOf(
        call,
        project,
        call.input.string('ref'),
        'Tree',
      );
      const entries = await call.repos.tree(
        call.store.fullPath(project),
        sha,
        (call.input.string('path') ?? '').replace(/^\/+|\/+$/g, ''),
        call.input.boolean('recursive') ?? false,
      );
      return paginateGitlab(call, entries, e => e);
    },
  },
  ...['archive', 'archive.tar.gz'].map(
    (name): GitlabRoute => ({
      method: 'GET',
      path: `/projects/:id/repository/${name}`,
      operation: 'showRepositoryArchive',
      handle: async (call): Promise<SandboxResponse> => {
        const project = readableProject(call);
        const sha = await commitOf(call, project, call.input.string('sha'));
        const path = call.input.string('path')?.replace(/^\/+|\/+$/g, '');
        // GitLab names the top directory <project>-<ref>-<sha>[-<path>]; readers strip it.
        const prefix = [
          project.path,
          call.input.string('sha') ?? project.defaultBranch,
          sha,
        ]
          .concat(path ? [path.replace(/\//g, '-')] : [])
          .join('-');
        const body = await call.repos.archive(
          call.store.fullPath(project),
          sha,
          prefix,
          path,
        );
        return {
          statusCode: 200,
          headers: {
            'content-type': 'application/octet-stream',
            'content-disposition': `attachment; filename="${prefix}.tar.gz"`,
          },
          body,
        };
      },
    }),
  ),
];
