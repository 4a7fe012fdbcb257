import {
  DRY_RUN_USER,
  dryRunTemplate,
} from '../../templates/__testUtils__/dryRunTemplate';
import { exampleFormValues } from '../../templates/__testUtils__/exampleFormValues';

// Through the real scaffolder, which gives the action the initiator's User entity from the
// catalog (the dry-run user is a member of team-storefront only).
describe.each(['ecs-service', 'eks-service'] as const)(
  '%s refuses an owner the user is not a member of',
  templateName => {
    it('another team, submitted directly', async () => {
      const { status, body } = await dryRunTemplate(templateName, {
        ...exampleFormValues(templateName),
        owner: 'group:default/team-payments',
      });
      expect(status).toBe(403);
      expect(body.error?.message).toContain(
        `Cannot create the ECR repository for owner team-payments: ${DRY_RUN_USER} is not a member of group:default/team-payments; choose one of their groups as the owner: group:default/team-storefront`,
      );
    });

    it("the user's own team", async () => {
      const { status, body } = await dryRunTemplate(
        templateName,
        exampleFormValues(templateName),
      );
      expect(body.error).toBeUndefined();
      expect(status).toBe(200);
    });
  },
);
