import {
  findingsQuery,
  isFiltered,
  readView,
  SecurityView,
  writeView,
} from './findingsView';

describe('findingsView', () => {
  it('reads a shared URL back into the view it was written from', () => {
    const view: SecurityView = {
      days: 90,
      environment: 'prod',
      bands: ['critical', 'high'],
      team: 'group:default/team-storefront',
      service: 'component:default/checkout-api',
      type: 'Runtime:Container/ReverseShell',
      age: 7,
      q: 'bastion',
      page: 2,
      finding: 'abc123',
    };
    const params = writeView(view);
    expect(params.toString()).toBe(
      'days=90&environment=prod&band=critical&band=high&team=group%3Adefault%2Fteam-storefront&service=component%3Adefault%2Fcheckout-api&type=Runtime%3AContainer%2FReverseShell&age=7&q=bastion&page=3&finding=abc123',
    );
    expect(readView(params)).toEqual(view);
  });

  it('falls back to the defaults for what it does not know, and orders bands', () => {
    const view = readView(
      new URLSearchParams(
        'days=7&band=low&band=severe&band=critical&band=low&age=-1&page=0&q=%20%20',
      ),
    );
    expect(view).toEqual({ days: 30, bands: ['critical', 'low'], page: 0 });
    expect(writeView(view).toString()).toBe('band=critical&band=low');
    expect(isFiltered(view)).toBe(true);
    expect(isFiltered(readView(new URLSearchParams('days=90&page=2')))).toBe(
      false,
    );
  });

  it('asks the API for the filters set and the page, platform findings by their flag', () => {
    expect(findingsQuery(readView(new URLSearchParams()))).toEqual({
      offset: 0,
      limit: 50,
    });
    expect(
      findingsQuery(
        readView(
          new URLSearchParams(
            'environment=prod&band=high&band=critical&team=group:default/team-freight&service=platform&age=30&q=shell&page=3&type=Recon:EC2/PortProbeUnprotectedPort',
          ),
        ),
      ),
    ).toEqual({
      environment: 'prod',
      band: ['critical', 'high'],
      owner: 'group:default/team-freight',
      platform: true,
      type: 'Recon:EC2/PortProbeUnprotectedPort',
      maxAgeDays: 30,
      q: 'shell',
      offset: 100,
      limit: 50,
    });
    expect(
      findingsQuery(
        readView(new URLSearchParams('service=component:default/ledger')),
      ).entityRef,
    ).toBe('component:default/ledger');
  });
});
