import { parseEntityRef } from '@backstage/catalog-model';
import { ShipyardTagKeys } from '@internal/plugin-aws-common';
import { ShipyardComponent } from './listShipyardComponents';

/**
 * The four link tags a component's resources must carry in an environment,
 * by configured tag key: the component tag value, the environment, and the
 * names (not refs) of the owning group and the system, as the pipeline and
 * Terraform write them. An absent owner or system is expected as `''`, which
 * no tag carries, so such a component never passes the rollback check.
 *
 * @public
 */
export function expectedLinkTags(
  component: ShipyardComponent,
  environment: string,
  tagKeys: ShipyardTagKeys,
): Record<string, string> {
  const nameOf = (ref?: string) => (ref ? parseEntityRef(ref).name : '');
  return {
    [tagKeys.component]: component.annotations.componentTagValue,
    [tagKeys.environment]: environment,
    [tagKeys.owner]: nameOf(component.owner),
    [tagKeys.system]: nameOf(component.system),
  };
}
