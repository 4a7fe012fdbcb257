import { SERIES_COLORS, awsServiceColor } from './palette';

describe('awsServiceColor', () => {
  it('gives the common AWS service lines distinct colours', () => {
    const colours = [
      'Amazon Elastic Container Service',
      'Amazon Relational Database Service',
      'Elastic Load Balancing',
      'EC2 - Other',
      'AmazonCloudWatch',
    ].map(awsServiceColor);
    expect(new Set(colours).size).toBe(colours.length);
  });

  it('gives any other service the same palette colour every time', () => {
    const colour = awsServiceColor('Amazon Simple Storage Service');
    expect(SERIES_COLORS).toContain(colour);
    expect(awsServiceColor('Amazon Simple Storage Service')).toBe(colour);
  });
});
