/** Every cloud function, by name. Each cloudfunctions/<name>/src/index.ts exports cloudMain of one of these. */
import type { HttpAccessEvent } from '../../typings/contracts';
import { receiveNotification } from '../orders/notifications';
import { createPayment as createPaymentService, miniPayment as miniPaymentService } from '../orders/payments';
import { catalog as catalogService, getOrder as getOrderService, listOrders as listOrdersService } from '../orders/queries';
import { reconcile as reconcileService } from '../orders/reconcile';
import { callable, http, jsonResponse, timer } from './define';

export const catalog = callable('catalog', false, (deps) => catalogService(deps));
export const createPayment = callable('createPayment', true, (deps, caller, event) => createPaymentService(deps, caller, event));
export const miniPayment = callable('miniPayment', true, (deps, caller, event) => miniPaymentService(deps, caller, event));
export const getOrder = callable('getOrder', false, (deps, caller, event) => getOrderService(deps, caller, event));
export const listOrders = callable('listOrders', false, (deps, caller, event) => listOrdersService(deps, caller, event));
export const reconcile = timer('reconcile', true, async (deps) => ({ summary: await reconcileService(deps) }));

export const payNotify = http('payNotify', true, async (deps, event: HttpAccessEvent) => {
  // Header names arrive as object keys; from here on they are values, so any name can be recorded.
  const headers = Object.entries(event.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)] as const);
  const raw = event.body ?? '';
  const body = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  const reply = await receiveNotification(deps, { method: event.httpMethod, path: event.path ?? '', headers, body });
  return jsonResponse(reply.httpStatus, { transResult: reply.transResult });
});

export const definitions = { catalog, createPayment, miniPayment, getOrder, listOrders, payNotify, reconcile };
