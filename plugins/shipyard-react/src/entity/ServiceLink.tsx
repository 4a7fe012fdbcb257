import { parseEntityRef } from '@backstage/catalog-model';
import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';

/**
 * A link to a service's entity page, named by its title. Built from the row
 * itself: a table of thousands of services asks the catalog for nothing.
 */
export function ServiceLink(props: {
  entityRef: string;
  label: string;
  path?: string;
}) {
  const entityRoute = useRouteRef(entityRouteRef);
  let href: string | undefined;
  try {
    const ref = parseEntityRef(props.entityRef);
    href = entityRoute?.({
      namespace: ref.namespace,
      kind: ref.kind.toLocaleLowerCase('en-US'),
      name: ref.name,
    });
  } catch {
    href = undefined;
  }
  if (!href) {
    return <>{props.label}</>;
  }
  return (
    <Link to={props.path ? `${href}/${props.path}` : href}>{props.label}</Link>
  );
}
