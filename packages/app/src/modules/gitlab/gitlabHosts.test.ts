import { mockApis } from '@backstage/frontend-test-utils';
import { gitlabHosts } from './gitlabHosts';

describe('gitlabHosts', () => {
  it('lists every configured GitLab host', () => {
    const config = mockApis.config({
      data: {
        integrations: {
          gitlab: [{ host: 'localhost:4566' }, { host: 'gitlab.example.com' }],
        },
      },
    });
    expect(gitlabHosts(config)).toEqual([
      'localhost:4566',
      'gitlab.example.com',
    ]);
  });

  it('falls back to gitlab.com, as Backstage does, when none is configured', () => {
    expect(gitlabHosts(mockApis.config({ data: {} }))).toEqual(['gitlab.com']);
  });
});
