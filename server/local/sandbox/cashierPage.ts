/** The sandbox cashier: what NewPay's cashier mini program would show, as a web page with Pay and Decline. */
import { displayMoney, parseAmount, parseCurrency } from '../../../miniprogram/domain/money';
import { escapeHtml } from '../http';
import type { SandboxOrder } from './sandbox';

export function cashierPage(order: SandboxOrder, merchantName: string): string {
  const amount = displayMoney(parseAmount(order.orderAmt, parseCurrency(order.currency)));
  const open = order.status === 'PROCESSING';
  const state = open ? '' : order.status === 'SUCCESS' ? 'Payment successful' : 'Payment declined';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>NewPay sandbox cashier</title>
<style>
  body { font-family: system-ui, sans-serif; background: #f5f6f8; margin: 0; display: flex; justify-content: center; }
  main { background: #fff; margin: 32px 16px; padding: 24px; border-radius: 12px; max-width: 420px; width: 100%; box-shadow: 0 1px 4px #0001; }
  .badge { display: inline-block; font-size: 12px; background: #fff4e5; color: #a15c00; padding: 2px 8px; border-radius: 8px; }
  h1 { font-size: 18px; margin: 12px 0 4px; } .subject { color: #646a73; margin: 0 0 16px; }
  .amount { font-size: 32px; font-weight: 600; margin: 8px 0 24px; font-variant-numeric: tabular-nums; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: 4px 12px; color: #646a73; font-size: 13px; margin: 0 0 24px; }
  dd { margin: 0; color: #1f2329; word-break: break-all; }
  button { width: 100%; min-height: 44px; font-size: 16px; border-radius: 8px; border: 0; margin-bottom: 12px; cursor: pointer; }
  #pay { background: #07c160; color: #fff; } #decline { background: #f2f3f5; color: #e34d59; }
  button:disabled { opacity: .5; cursor: default; }
  #result { font-weight: 600; text-align: center; min-height: 24px; }
</style></head>
<body><main>
  <span class="badge">SANDBOX · no real money</span>
  <h1 id="merchant">${escapeHtml(merchantName)}</h1>
  <p class="subject" id="subject">${escapeHtml(order.subject || order.orderNo)}</p>
  <div class="amount" id="amount">${escapeHtml(amount)}</div>
  <dl>
    <dt>Currency</dt><dd id="currency">${escapeHtml(order.currency)}</dd>
    <dt>Order</dt><dd>${escapeHtml(order.orderNo)}</dd>
    <dt>NewPay order</dt><dd>${escapeHtml(order.newpayOrderNo)}</dd>
  </dl>
  <button id="pay" ${open ? '' : 'disabled'}>Pay ${escapeHtml(amount)}</button>
  <button id="decline" ${open ? '' : 'disabled'}>Decline</button>
  <div id="result" role="status">${escapeHtml(state)}</div>
</main>
<script>
  async function finish(outcome) {
    document.getElementById('pay').disabled = true;
    document.getElementById('decline').disabled = true;
    const response = await fetch(location.pathname.replace(/\\/$/, '') + '/pay', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ outcome }) });
    const answer = await response.json();
    document.getElementById('result').textContent = response.ok
      ? (outcome === 'success' ? 'Payment successful' : 'Payment declined')
      : 'Could not complete: ' + (answer.message || response.status);
  }
  document.getElementById('pay').addEventListener('click', () => finish('success'));
  document.getElementById('decline').addEventListener('click', () => finish('failure'));
</script>
</body></html>
`;
}
