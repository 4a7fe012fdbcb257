import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ComponentResources,
  awsComponentResourcesRefreshPermission,
} from '@internal/plugin-aws-common';
import { ComponentResourcesModel } from './ComponentResourcesModel';

/**
 * Checks the caller's permissions before handing over to the model.
 *
 * `get` needs nothing beyond the model's own check: it reads the entity with
 * the caller's credentials, so what the catalog hides is a 404. `refresh` calls
 * AWS and writes the database, so it needs
 * `aws.component.resources.refresh` on the entity.
 */
export class AuthorizedComponentResourcesModel
  implements ComponentResourcesModel
{
  private readonly model: ComponentResourcesModel;
  private readonly permissions: PermissionsService;

  static create(options: {
    model: ComponentResourcesModel;
    permissions: PermissionsService;
  }): AuthorizedComponentResourcesModel {
    return new AuthorizedComponentResourcesModel(options);
  }

  private constructor(options: {
    model: ComponentResourcesModel;
    permissions: PermissionsService;
  }) {
    this.model = options.model;
    this.permissions = options.permissions;
  }

  async get(options: {
    entityRef: CompoundEntityRef;
    environment?: string;
    credentials: BackstageCredentials;
  }): Promise<ComponentResources> {
    return this.model.get(options);
  }

  async refresh(options: {
    entityRef: CompoundEntityRef;
    environment: string;
    credentials: BackstageCredentials;
  }): Promise<ComponentResources> {
    const entityRef = stringifyEntityRef(options.entityRef);
    // The permission's resource type is the catalog's, so `authorize` with the
    // entity ref gives a definitive answer even when the policy answers with a
    // catalog condition (a developer's if-owner): the permission backend sends
    // the condition to the catalog's apply-conditions endpoint, which loads the
    // entity and applies its own rule (IS_ENTITY_OWNER). No catalog rule is
    // re-implemented here. An entity that does not exist matches no condition,
    // so a conditional caller gets 403 for it rather than 404.
    const [decision] = await this.permissions.authorize(
      [
        {
          permission: awsComponentResourcesRefreshPermission,
          resourceRef: entityRef,
        },
      ],
      { credentials: options.credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not refresh the AWS resources of ${entityRef}: that needs the ${awsComponentResourcesRefreshPermission.name} permission on the entity`,
      );
    }
    return this.model.refresh(options);
  }
}
