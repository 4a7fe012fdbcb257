import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { AwsCredentialIdentity } from '@smithy/types';

const TOKEN_PREFIX = 'k8s-aws-v1.';
/** aws-iam-authenticator signs for 60 s; EKS accepts such a token for 15 minutes. */
const PRESIGN_EXPIRY_SECONDS = 60;

/**
 * Creates a bearer token for an EKS cluster's Kubernetes API the way
 * aws-iam-authenticator and `aws eks get-token` do: a presigned STS
 * GetCallerIdentity URL whose signature covers the `x-k8s-aws-id` header
 * (the cluster name), so that EKS can learn the caller's IAM identity from
 * STS and the token cannot be replayed against another cluster.
 *
 * `endpoint` replaces `https://sts.<region>.amazonaws.com` (the sandbox in
 * development).
 *
 * @public
 */
export async function createEksToken(options: {
  clusterName: string;
  region: string;
  credentials: AwsCredentialIdentity;
  endpoint?: string;
  now?: Date;
}): Promise<string> {
  const url = new URL(
    options.endpoint ?? `https://sts.${options.region}.amazonaws.com`,
  );
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: options.region,
    service: 'sts',
    sha256: Sha256,
  });
  const path = url.pathname === '' ? '/' : url.pathname;
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path,
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: url.host, 'x-k8s-aws-id': options.clusterName },
    },
    {
      expiresIn: PRESIGN_EXPIRY_SECONDS,
      signingDate: options.now,
    },
  );
  const query = Object.entries(signed.query ?? {})
    .map(
      ([key, value]) =>
        `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`,
    )
    .join('&');
  const presigned = `${url.protocol}//${url.host}${path}?${query}`;
  return `${TOKEN_PREFIX}${Buffer.from(presigned).toString('base64url')}`;
}
