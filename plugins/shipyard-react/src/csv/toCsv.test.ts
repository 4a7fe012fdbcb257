import { CsvColumn, toCsv } from './toCsv';

interface Row {
  name: string;
  amount?: number;
  final: boolean;
}

const columns: CsvColumn<Row>[] = [
  ['name', r => r.name],
  ['amount', r => r.amount],
  ['final', r => r.final],
];

describe('toCsv', () => {
  it('writes a header and one CRLF line per row, empty cells for absent values', () => {
    expect(
      toCsv(columns, [
        { name: 'checkout-api', amount: 1234.5678, final: true },
        { name: 'worker', final: false },
      ]),
    ).toBe(
      'name,amount,final\r\ncheckout-api,1234.5678,true\r\nworker,,false\r\n',
    );
  });

  it('quotes commas, quotes and line breaks, and neutralises formulas', () => {
    expect(
      toCsv(columns, [
        { name: 'Worker, "nightly"', final: true },
        { name: '=HYPERLINK("x")', final: true },
        { name: 'two\nlines', final: true },
      ]).split('\r\n'),
    ).toEqual([
      'name,amount,final',
      '"Worker, ""nightly""",,true',
      '"\'=HYPERLINK(""x"")",,true',
      '"two\nlines",,true',
      '',
    ]);
  });
});
