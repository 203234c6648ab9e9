import {
  billingRow,
  ordersRow,
  paymentsRow,
  webDemoRow,
} from '../../overviewTestData';
import { csvField, overviewCsv, toCsv } from './csv';

describe('csvField', () => {
  it('quotes fields with commas, quotes and line breaks, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(42)).toBe('42');
    expect(csvField(undefined)).toBe('');
  });

  it('keeps spreadsheets from running a value as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('@sum')).toBe("'@sum");
    expect(csvField(-1)).toBe('-1');
  });
});

describe('toCsv', () => {
  it('joins fields with commas and lines with CRLF', () => {
    expect(
      toCsv([
        ['a', 'b'],
        ['c,d', 1],
      ]),
    ).toBe('a,b\r\n"c,d",1\r\n');
  });
});

describe('overviewCsv', () => {
  it('has a header and one line per row, in the order given', () => {
    const csv = overviewCsv([paymentsRow, ordersRow, webDemoRow, billingRow]);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'Service,Entity ref,Owner,System,Fleet,State,Parity,Mode,Traffic now,' +
        'Standby capacity,RTO,Last failover or drill,Last failover state,' +
        'Warnings,Top warning',
    );
    expect(lines).toHaveLength(5);
    expect(lines[1]).toBe(
      '"Payments, ""core""",component:default/payments,platform-team,' +
        'demo-shop,ackone-fleet,Site unreachable,Unknown,Active-active,' +
        'idc-k8s 100%,,5m,,,1,ack-hangzhou is unreachable: connection refused',
    );
    expect(lines[2]).toBe(
      'orders,component:default/orders,platform-team,demo-shop,' +
        'ackone-fleet,Degraded,Degraded,Primary-standby,idc-k8s 100%,33.3%,' +
        '5m,,,2,Standby ack-hangzhou has 1 of 3 replicas ready: a failover ' +
        'now would overload it.',
    );
    expect(lines[3]).toBe(
      'web-demo,component:default/web-demo,platform-team,demo-shop,' +
        'ackone-fleet,In parity,In parity,Active-active,' +
        '"idc-k8s 50%, ack-hangzhou 50%",,5m,2026-11-26T21:59:12.000Z,' +
        'drill completed,0,',
    );
    expect(lines[4]).toContain(",'=cmd|calc,");
  });
});
