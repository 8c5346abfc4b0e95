/** What the mini program reads: the catalog and the caller's own orders. */
import type { ClientOrder, EventOf, Product } from '../../typings/contracts';
import { AppError } from '../core/errors';
import { isValidOrderNo } from '../core/orderNo';
import type { Caller, Deps } from './deps';
import { ownOrder } from './payments';
import { toClientOrder } from './views';

export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 50;

export async function catalog(deps: Deps): Promise<{ products: Product[] }> {
  const products = (await deps.store.listProducts()).filter((p) => p.price.currency === deps.settings.currency);
  return { products };
}

export async function getOrder(deps: Deps, caller: Caller, event: Partial<EventOf<'getOrder'>>): Promise<{ order: ClientOrder }> {
  return { order: toClientOrder(await ownOrder(deps, caller, event.orderNo)) };
}

export async function listOrders(deps: Deps, caller: Caller, event: Partial<EventOf<'listOrders'>>): Promise<{ orders: ClientOrder[]; nextCursor: string | null }> {
  const limit = event.limit ?? DEFAULT_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new AppError('INVALID_REQUEST', `limit must be a whole number from 1 to ${MAX_PAGE}`);
  if (event.cursor !== undefined && event.cursor !== null && !isValidOrderNo(event.cursor)) throw new AppError('INVALID_REQUEST', 'cursor is not one this function gave out');
  const page = await deps.store.listOrders(caller.openid, { beforeOrderNo: event.cursor ?? undefined, limit: limit + 1 });
  const orders = page.slice(0, limit);
  return { orders: orders.map(toClientOrder), nextCursor: page.length > limit ? orders[orders.length - 1]!.orderNo : null };
}
