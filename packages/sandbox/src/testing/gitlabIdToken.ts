import { STS_AUDIENCE } from '../services/sts/operations/assumeRoleWithWebIdentity';

const PROJECT_PATH =
  /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)+$/;

/**
 * What GitLab puts in a job's `id_tokens` entry (`aud: sts.amazonaws.com`) for a pipeline of
 * `project` on the branch `ref`, started by `userLogin`: a JWT with GitLab's claims, addressed to
 * STS and valid for an hour. gitlab-ci-local does not mint id tokens, so local runs of a
 * generated pipeline are given this one; the sandbox's STS checks its claims as STS does, not
 * its signature (there is no IAM OIDC provider holding GitLab's keys), so it is unsigned.
 *
 * The canonical version: `scripts/demo-pipeline.sh` and the ECS skeleton's `ci/README.md` mint
 * the same token in shell.
 *
 * @public
 */
export function gitlabIdToken(options: {
  /** The project's full path, e.g. `northwind/storefront/basket-api`. */
  project: string;
  /** The branch the pipeline runs on, e.g. `main`. */
  ref: string;
  /** Who started the pipeline (GitLab's `user_login` claim). */
  userLogin: string;
  /** When the token is minted; now by default. */
  now?: Date;
}): string {
  const { project, ref, userLogin } = options;
  if (!PROJECT_PATH.test(project)) {
    throw new TypeError(
      `gitlabIdToken: project "${project}" is not a GitLab project path such as northwind/storefront/basket-api`,
    );
  }
  if (ref === '' || /[\s:]/.test(ref)) {
    throw new TypeError(
      `gitlabIdToken: ref "${ref}" is not a branch name (no spaces or ":")`,
    );
  }
  if (!/^[A-Za-z0-9_.-]+$/.test(userLogin)) {
    throw new TypeError(
      `gitlabIdToken: userLogin "${userLogin}" is not a GitLab username`,
    );
  }
  const encode = (value: unknown) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return [
    encode({ alg: 'RS256', typ: 'JWT', kid: 'gitlab-ci-local' }),
    encode({
      iss: 'https://gitlab.northwind.example',
      sub: `project_path:${project}:ref_type:branch:ref:${ref}`,
      aud: STS_AUDIENCE,
      project_path: project,
      ref,
      ref_type: 'branch',
      user_login: userLogin,
      iat: issuedAt,
      nbf: issuedAt,
      exp: issuedAt + 3600,
    }),
    Buffer.from('unsigned').toString('base64url'),
  ].join('.');
}
