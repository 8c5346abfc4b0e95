/**
 * What an operator sees first of an error that reaches a log line or a stack trace in the CloudBase
 * console: its class name. "Error: …" for every one of them would hide whether the database, NewPay or
 * our own code failed.
 */
import { AppError } from '../../server/core/errors';
import { KeyFormatError } from '../../server/newpay/keys';
import { StoreError } from '../../server/orders/store';

describe('our error classes print their own names', () => {
  it.each<[string, Error]>([
    ['AppError', new AppError('INTERNAL', 'a bug')],
    ['StoreError', new StoreError('database operation timeout')],
    ['KeyFormatError', new KeyFormatError('private key is empty')],
  ])('%s', (name, error) => {
    expect(String(error)).toBe(`${name}: ${error.message}`);
    expect(error.stack!.split('\n')[0]).toBe(`${name}: ${error.message}`);
  });
});
