import type { SandboxProtocol } from '../SandboxService';
import type { ProtocolAdapter } from './ProtocolAdapter';
import { createAwsJsonAdapter } from './createAwsJsonAdapter';
import { createAwsQueryAdapter } from './createAwsQueryAdapter';
import { createRestJsonAdapter } from './createRestJsonAdapter';

export function createProtocolAdapter(
  protocol: SandboxProtocol,
): ProtocolAdapter {
  switch (protocol.type) {
    case 'awsJson1_1':
      return createAwsJsonAdapter({
        version: '1.1',
        targetPrefix: protocol.targetPrefix,
      });
    case 'awsJson1_0':
      return createAwsJsonAdapter({
        version: '1.0',
        targetPrefix: protocol.targetPrefix,
        awsQueryCompatible: protocol.awsQueryCompatible,
      });
    case 'awsQuery':
      return createAwsQueryAdapter(protocol);
    case 'restJson1':
      return createRestJsonAdapter(protocol);
    default:
      throw new Error(
        `Unsupported protocol ${(protocol as { type: string }).type}`,
      );
  }
}
