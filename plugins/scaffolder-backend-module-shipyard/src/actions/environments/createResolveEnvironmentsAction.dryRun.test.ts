import { dryRunTemplate } from '../../templates/__testUtils__/dryRunTemplate';
import { exampleFormValues } from '../../templates/__testUtils__/exampleFormValues';

/** The message of the dry run's failed step, as the template editor shows it. */
function failure(body: any): string {
  return body?.error?.message ?? `no error (${Object.keys(body ?? {})})`;
}

// The form's schema checks each count alone; the templates pass them to their first step,
// which compares them before anything is created.
describe('the templates refuse crossed scaling bounds on the server', () => {
  it('ecs-service: desired count outside the autoscaling bounds', async () => {
    const below = await dryRunTemplate('ecs-service', {
      ...exampleFormValues('ecs-service'),
      minCount: 3,
      desiredCount: 2,
      maxCount: 6,
    });
    expect(below.status).toBe(400);
    expect(failure(below.body)).toContain(
      'Cannot resolve the environments: scaling.desired (2) must not be below scaling.min (3)',
    );

    const above = await dryRunTemplate('ecs-service', {
      ...exampleFormValues('ecs-service'),
      minCount: 2,
      desiredCount: 8,
      maxCount: 6,
    });
    expect(above.status).toBe(400);
    expect(failure(above.body)).toContain(
      'scaling.desired (8) must not be above scaling.max (6)',
    );
  });

  it.each(['ecs-service', 'eks-service'] as const)(
    '%s: minimum above maximum',
    async templateName => {
      const { status, body } = await dryRunTemplate(templateName, {
        ...exampleFormValues(templateName),
        minCount: 7,
        desiredCount: 7,
        maxCount: 6,
      });
      expect(status).toBe(400);
      expect(failure(body)).toContain(
        'scaling.min (7) must not be above scaling.max (6)',
      );
    },
  );

  it.each(['ecs-service', 'eks-service'] as const)(
    '%s: accepts equal bounds',
    async templateName => {
      const { status, body } = await dryRunTemplate(templateName, {
        ...exampleFormValues(templateName),
        minCount: 3,
        desiredCount: 3,
        maxCount: 3,
      });
      expect(body.error).toBeUndefined();
      expect(status).toBe(200);
    },
  );
});
