import { describeImage } from './describeImage';

describe('describeImage', () => {
  it.each([
    [
      '123.dkr.ecr.eu-west-1.amazonaws.com/checkout-api:1.42.0',
      { imageTag: '1.42.0' },
    ],
    [
      'localhost:5000/team/checkout-api:3f9c2ab1',
      { imageTag: '3f9c2ab1', gitSha: '3f9c2ab1' },
    ],
    [
      'checkout-api:1.42.0-3f9c2ab@sha256:abc',
      {
        imageTag: '1.42.0-3f9c2ab',
        imageDigest: 'sha256:abc',
        gitSha: '3f9c2ab',
      },
    ],
    ['localhost:5000/checkout-api@sha256:abc', { imageDigest: 'sha256:abc' }],
    ['checkout-api', {}],
  ])('reads %s', (image, expected) => {
    expect(describeImage(image)).toEqual(expected);
  });

  it('takes the git SHA from the OCI revision label when the tag has none', () => {
    expect(
      describeImage('checkout-api:1.42.0', { revisionLabel: 'deadbeef12' }),
    ).toEqual({
      imageTag: '1.42.0',
      gitSha: 'deadbeef12',
    });
    expect(
      describeImage('checkout-api:1.42.0', { revisionLabel: 'main' }),
    ).toEqual({
      imageTag: '1.42.0',
    });
  });

  it("prefers the pipeline's recorded commit to the tag and the label", () => {
    const commitSha = '3f9c2ab41d0e8c7b6a5f4e3d2c1b0a9f8e7d6c5b';
    expect(
      describeImage('checkout-api:1.42.0-deadbeef', {
        revisionLabel: 'cafebabe12',
        commitSha,
      }),
    ).toEqual({ imageTag: '1.42.0-deadbeef', gitSha: commitSha });
  });
});
