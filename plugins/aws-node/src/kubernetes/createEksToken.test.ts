import { createSandboxServer } from 'sandbox';
import { createEksToken } from './createEksToken';

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const now = new Date('2026-01-02T03:04:05Z');

function decode(token: string): URL {
  expect(token.startsWith('k8s-aws-v1.')).toBe(true);
  const encoded = token.slice('k8s-aws-v1.'.length);
  // base64url without padding, as aws-iam-authenticator writes it.
  expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
  return new URL(Buffer.from(encoded, 'base64url').toString('utf8'));
}

describe('createEksToken', () => {
  it("is a presigned STS GetCallerIdentity URL in the cluster's region, valid for 60 s, signing the cluster header", async () => {
    const url = decode(
      await createEksToken({
        clusterName: 'prod-eks',
        region: 'eu-central-1',
        credentials,
        now,
      }),
    );
    expect(url.origin).toBe('https://sts.eu-central-1.amazonaws.com');
    expect(url.pathname).toBe('/');
    const q = url.searchParams;
    expect(q.get('Action')).toBe('GetCallerIdentity');
    expect(q.get('Version')).toBe('2011-06-15');
    expect(q.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(q.get('X-Amz-Credential')).toBe(
      'AKIDEXAMPLE/20260102/eu-central-1/sts/aws4_request',
    );
    expect(q.get('X-Amz-Date')).toBe('20260102T030405Z');
    expect(q.get('X-Amz-Expires')).toBe('60');
    expect(q.get('X-Amz-SignedHeaders')).toBe('host;x-k8s-aws-id');
    expect(q.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(q.has('X-Amz-Security-Token')).toBe(false);
  });

  it('binds the signature to the cluster name and the credentials', async () => {
    const sign = (clusterName: string, secretAccessKey: string) =>
      createEksToken({
        clusterName,
        region: 'eu-west-1',
        credentials: { ...credentials, secretAccessKey },
        now,
      }).then(t => decode(t).searchParams.get('X-Amz-Signature'));
    const base = await sign('prod-eks', 'secret-a');
    expect(await sign('prod-eks', 'secret-a')).toBe(base);
    expect(await sign('dev-eks', 'secret-a')).not.toBe(base);
    expect(await sign('prod-eks', 'secret-b')).not.toBe(base);
  });

  it('carries a session token from assumed-role credentials', async () => {
    const url = decode(
      await createEksToken({
        clusterName: 'prod-eks',
        region: 'eu-west-1',
        credentials: { ...credentials, sessionToken: 'session/token+1' },
        now,
      }),
    );
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe(
      'session/token+1',
    );
  });

  it('is accepted by STS (the sandbox) as EKS presents it, with the x-k8s-aws-id header', async () => {
    const server = await createSandboxServer({ port: 0 });
    try {
      const url = decode(
        await createEksToken({
          clusterName: 'prod-eks',
          region: 'eu-west-1',
          credentials: {
            accessKeyId: 'SANDBOX222222222222',
            secretAccessKey: 'sandbox',
          },
          endpoint: server.url,
        }),
      );
      expect(url.origin).toBe(new URL(server.url).origin);
      const response = await fetch(url, {
        headers: { 'x-k8s-aws-id': 'prod-eks' },
      });
      const body = await response.text();
      expect(response.status).toBe(200);
      expect(body).toContain('<Account>222222222222</Account>');
    } finally {
      await server.close();
    }
  });
});
