import { randomBytes } from 'node:crypto';
import { isValidOrderNo, newOrderNo } from '../../server/core/orderNo';

describe('newOrderNo', () => {
  it('is at most 32 characters of [A-Za-z0-9] and starts with the UTC time to the millisecond', () => {
    const no = newOrderNo(new Date('2026-11-21T23:36:32.123Z'), randomBytes);
    expect(no).toMatch(/^20261121233632123[0-9A-Z]{12}$/);
    expect(isValidOrderNo(no)).toBe(true);
  });

  it('sorts by creation time', () => {
    const times = ['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.001Z', '2026-06-30T12:00:00.000Z', '2027-01-01T00:00:00.000Z'];
    const numbers = times.map((t) => newOrderNo(new Date(t), randomBytes));
    expect([...numbers].sort()).toEqual(numbers);
  });

  it('does not repeat within the same millisecond', () => {
    const now = new Date();
    const seen = new Set(Array.from({ length: 10000 }, () => newOrderNo(now, randomBytes)));
    expect(seen.size).toBe(10000);
  });

  it('uses only the randomness it is given', () => {
    const zeros = (size: number) => new Uint8Array(size);
    expect(newOrderNo(new Date('2026-11-21T00:00:00.000Z'), zeros)).toBe('20261121000000000000000000000');
  });

  it.each(['', 'a'.repeat(33), 'ORDER-1', 'ORDER 1', 'ກ1'])('rejects %j', (value) => {
    expect(isValidOrderNo(value)).toBe(false);
  });
});
