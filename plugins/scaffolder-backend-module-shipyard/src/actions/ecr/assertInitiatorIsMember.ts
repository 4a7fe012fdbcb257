import {
  DEFAULT_NAMESPACE,
  parseEntityRef,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
  UserEntity,
} from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';

/** The refs of the groups a user belongs to, from its relations and its spec. */
function groupRefsOf(user: UserEntity): string[] {
  const namespace = user.metadata.namespace ?? DEFAULT_NAMESPACE;
  const fromRelations = (user.relations ?? [])
    .filter(r => r.type === RELATION_MEMBER_OF)
    .map(r => r.targetRef);
  // The catalog derives the relations from spec.memberOf; an entity read before processing
  // (or a provider that only writes the spec) has the spec alone.
  const fromSpec = (user.spec?.memberOf ?? []).map(ref =>
    stringifyEntityRef(
      parseEntityRef(ref, {
        defaultKind: 'group',
        defaultNamespace: namespace,
      }),
    ),
  );
  return [
    ...new Set(
      [...fromRelations, ...fromSpec].map(ref =>
        ref.toLocaleLowerCase('en-US'),
      ),
    ),
  ].sort();
}

/**
 * Refuses an owner the initiating user does not belong to. The form's picker only offers the
 * user's own teams, but a direct POST to the scaffolder can name any team; and the owner tag
 * is what grants a team the repository (and what lets a later run reuse it), so the server
 * must check it. `owner` is a group name in the default namespace, as Shipyard's tags hold it.
 * A task without the initiator's User entity (not in the catalog, or no user at all) cannot be
 * checked and is refused.
 */
export function assertInitiatorIsMember(
  user: { entity?: UserEntity; ref?: string } | undefined,
  owner: string,
): void {
  const ownerRef = stringifyEntityRef({
    kind: 'group',
    namespace: DEFAULT_NAMESPACE,
    name: owner,
  });
  if (!user?.entity) {
    throw new NotAllowedError(
      `Cannot create the ECR repository for owner ${owner}: the task's initiator${
        user?.ref ? ` ${user.ref}` : ''
      } has no User entity in the catalog, so Shipyard cannot check that they are a member of ${ownerRef}; run the template signed in as a user the catalog knows`,
    );
  }
  const userRef = user.ref ?? stringifyEntityRef(user.entity);
  const groups = groupRefsOf(user.entity);
  if (!groups.includes(ownerRef.toLocaleLowerCase('en-US'))) {
    throw new NotAllowedError(
      `Cannot create the ECR repository for owner ${owner}: ${userRef} is not a member of ${ownerRef}; ${
        groups.length
          ? `choose one of their groups as the owner: ${groups.join(', ')}`
          : 'they belong to no group in the catalog'
      }`,
    );
  }
}
