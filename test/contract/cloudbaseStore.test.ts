/**
 * The CloudBase store when the database fails: every failure is a StoreError (so the caller is told to
 * retry) whose message names the operation and carries what the SDK said, as an operator reads it in
 * the function's log line.
 */
import { CloudBaseStore } from '../../server/orders/cloudbaseStore';
import { Store, StoreError } from '../../server/orders/store';
import { FakeCloudDatabase, freshCloudDatabase } from '../fakes/cloudDatabase';
import { rejected } from '../support/caught';
import { orderRecord, paymentEvent } from '../support/orders';

/** What the fake's outage error (errCode, errMsg and message, as the SDK's errors have) reads as. */
const OUTAGE = '-502011 database operation timeout errCode: -502011 | errMsg: database operation timeout';

const event = paymentEvent({ headers: [] });

let db: FakeCloudDatabase;
let store: Store;
beforeEach(() => {
  db = freshCloudDatabase();
  store = new CloudBaseStore(db);
});

async function storeError(operation: Promise<unknown>): Promise<StoreError> {
  const error = await rejected(operation);
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

describe('cloudbase store: a database outage names the operation that failed', () => {
  it.each<[string, (store: Store) => Promise<unknown>, string]>([
    ['insertOrder', (s) => s.insertOrder(orderRecord()), 'orders.add'],
    ['findOrder', (s) => s.findOrder('X1'), 'orders.get'],
    ['updateOrder', (s) => s.updateOrder('X1', { statusIn: ['PENDING'] }, { status: 'PAYING' }), 'orders.update'],
    ['listOrders', (s) => s.listOrders('user-a', { limit: 10 }), 'orders.get'],
    ['findOrdersToReconcile', (s) => s.findOrdersToReconcile({ dueBy: 1, limit: 10 }), 'orders.get'],
    ['recordEvent', (s) => s.recordEvent(event), 'payment_events.add'],
    ['updateEvent', (s) => s.updateEvent('fake-1', { verdict: 'PAID' }), 'payment_events.update'],
    ['listEvents', (s) => s.listEvents(), 'payment_events.get'],
    ['listProducts', (s) => s.listProducts(), 'products.get'],
  ])('%s', async (_method, operation, what) => {
    db.failNext = 'database operation timeout';
    expect((await storeError(operation(store))).message).toBe(`${what} failed: ${OUTAGE}`);
  });

  it('an outage while reading back the order behind a taken key is a failed read, not a taken orderNo', async () => {
    const order = orderRecord({ _id: 'same-key' });
    await store.insertOrder(order);
    const docs = db.docs.bind(db);
    let calls = 0;
    db.docs = (name) => {
      if (++calls === 2) db.failNext = 'database operation timeout'; // the add fails on the key, then the read fails
      return docs(name);
    };
    expect((await storeError(store.insertOrder(orderRecord({ _id: 'same-key' })))).message).toBe(`orders.get failed: ${OUTAGE}`);
  });
});

describe('cloudbase store: failures of any shape', () => {
  it('an error without errCode or errMsg: just its message', async () => {
    db.docs = () => {
      throw new Error('socket hang up');
    };
    expect((await storeError(store.findOrder('X1'))).message).toBe('orders.get failed: socket hang up');
  });

  it('a rejection without any error value is still a StoreError', async () => {
    db.docs = () => {
      throw undefined;
    };
    expect((await storeError(store.findOrder('X1'))).message).toBe('orders.get failed: undefined');
  });
});
