import {
  CloudWatchClient,
  DescribeAlarmsCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  GetFindingsCommand,
  GuardDutyClient,
  ListDetectorsCommand,
} from '@aws-sdk/client-guardduty';
import { sandboxClientConfig } from '../../testing/sandboxClientConfig';
import {
  createSandboxServer,
  type SandboxServer,
} from '../createSandboxServer';
import { InputReader } from '../InputReader';
import { SandboxError } from '../SandboxError';
import type { SandboxService } from '../SandboxService';

/**
 * Fixture services that exercise the awsJson1_0 (query-compatible) and restJson1 adapters
 * through the real CloudWatch and GuardDuty clients, independently of the real handlers.
 */
const alarmTime = new Date('2026-03-01T10:00:00.250Z');

const cloudWatchFixture: SandboxService = {
  name: 'cloudwatch',
  signingName: 'monitoring',
  protocol: {
    type: 'awsJson1_0',
    targetPrefix: 'GraniteServiceVersion20100801',
    awsQueryCompatible: true,
  },
  errors: {
    throttling: {
      name: 'Throttling',
      statusCode: 400,
      queryErrorCode: 'Throttling',
    },
    validation: 'InvalidParameterValueException',
  },
  operations: {
    DescribeAlarms: (input, ctx) => {
      const reader = InputReader.of(input, 'InvalidParameterValueException');
      const names = reader.stringList('AlarmNames', { maxItems: 100 }) ?? [];
      if (names.includes('invalid')) {
        throw new SandboxError(
          'InvalidParameterValueException',
          'The alarm name is invalid',
          400,
          {
            queryErrorCode: 'InvalidParameterValue',
          },
        );
      }
      return {
        MetricAlarms: names.map(name => ({
          AlarmName: name,
          AlarmArn: `arn:aws:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:${name}`,
          StateValue: 'OK',
          StateUpdatedTimestamp: alarmTime,
        })),
      };
    },
  },
};

const guardDutyFixture: SandboxService = {
  name: 'guardduty',
  signingName: 'guardduty',
  protocol: {
    type: 'restJson1',
    routes: [
      { method: 'GET', path: '/detector', operation: 'ListDetectors' },
      {
        method: 'POST',
        path: '/detector/{detectorId}/findings/get',
        operation: 'GetFindings',
      },
    ],
  },
  errors: {
    throttling: { name: 'TooManyRequestsException', statusCode: 429 },
    validation: 'BadRequestException',
  },
  operations: {
    ListDetectors: input => ({
      detectorIds: [
        `detector-${(input as { maxResults?: string }).maxResults}`,
      ],
    }),
    GetFindings: (input, ctx) => {
      const reader = InputReader.of(input, 'BadRequestException');
      const detectorId = reader.requiredString('detectorId');
      if (detectorId !== 'd1') {
        throw new SandboxError(
          'BadRequestException',
          'The request is rejected because the input detectorId is not owned by the current account.',
        );
      }
      return {
        findings: (reader.stringList('findingIds') ?? []).map(id => ({
          id,
          accountId: ctx.accountId,
          region: ctx.region,
          arn: `arn:aws:guardduty:${ctx.region}:${ctx.accountId}:detector/d1/finding/${id}`,
          createdAt: '2026-03-01T10:00:00.000Z',
          updatedAt: '2026-03-01T10:00:00.000Z',
          schemaVersion: '2.0',
          severity: 8,
          type: 'Recon:EC2/PortProbeUnprotectedPort',
          resource: { resourceType: 'ECSCluster' },
        })),
      };
    },
  },
};

describe('protocol adapters', () => {
  let server: SandboxServer;
  let cloudWatch: CloudWatchClient;
  let guardDuty: GuardDutyClient;

  beforeEach(async () => {
    server = await createSandboxServer({
      port: 0,
      services: [cloudWatchFixture, guardDutyFixture],
    });
    cloudWatch = new CloudWatchClient(
      sandboxClientConfig(server, { maxAttempts: 1 }),
    );
    guardDuty = new GuardDutyClient(
      sandboxClientConfig(server, {
        accountId: '222222222222',
        maxAttempts: 1,
      }),
    );
  });

  afterEach(async () => {
    cloudWatch.destroy();
    guardDuty.destroy();
    await server.close();
  });

  describe('awsJson1_0, query-compatible (CloudWatch)', () => {
    it('round-trips input, output and timestamps', async () => {
      const result = await cloudWatch.send(
        new DescribeAlarmsCommand({
          AlarmNames: ['checkout-api-prod-error-rate'],
        }),
      );
      expect(result.MetricAlarms).toEqual([
        {
          AlarmName: 'checkout-api-prod-error-rate',
          AlarmArn:
            'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:checkout-api-prod-error-rate',
          StateValue: 'OK',
          StateUpdatedTimestamp: alarmTime,
        },
      ]);
    });

    it('maps errors to the modelled exception and its awsQuery code', async () => {
      const error = await cloudWatch
        .send(new DescribeAlarmsCommand({ AlarmNames: ['invalid'] }))
        .catch(e => e);
      expect(error).toMatchObject({
        name: 'InvalidParameterValueException',
        message: 'The alarm name is invalid',
        Code: 'InvalidParameterValue',
        Type: 'Sender',
      });
    });

    it('throttles with Throttling', async () => {
      server.faults.add({ service: 'cloudwatch', kind: 'throttle' });
      await expect(
        cloudWatch.send(new DescribeAlarmsCommand({})),
      ).rejects.toMatchObject({
        name: 'Throttling',
        $metadata: { httpStatusCode: 400 },
      });
    });
  });

  describe('restJson1 (GuardDuty)', () => {
    it('routes by method and path, with labels, query and body in the input', async () => {
      const detectors = await guardDuty.send(
        new ListDetectorsCommand({ MaxResults: 7 }),
      );
      expect(detectors.DetectorIds).toEqual(['detector-7']);
      const findings = await guardDuty.send(
        new GetFindingsCommand({ DetectorId: 'd1', FindingIds: ['f1', 'f2'] }),
      );
      expect(
        findings.Findings!.map(f => [f.Id, f.AccountId, f.Severity]),
      ).toEqual([
        ['f1', '222222222222', 8],
        ['f2', '222222222222', 8],
      ]);
    });

    it('maps errors by the x-amzn-ErrorType header', async () => {
      await expect(
        guardDuty.send(
          new GetFindingsCommand({ DetectorId: 'other', FindingIds: ['f1'] }),
        ),
      ).rejects.toMatchObject({
        name: 'BadRequestException',
        $metadata: { httpStatusCode: 400 },
      });
    });

    it('throttles with 429 TooManyRequestsException', async () => {
      server.faults.add({
        service: 'guardduty',
        operation: 'ListDetectors',
        kind: 'throttle',
      });
      await expect(
        guardDuty.send(new ListDetectorsCommand({})),
      ).rejects.toMatchObject({
        name: 'TooManyRequestsException',
        $metadata: { httpStatusCode: 429 },
      });
    });
  });
});
