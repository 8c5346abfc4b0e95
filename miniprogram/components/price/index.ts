import { AmountError, displayMoney, parseAmount, parseCurrency } from '../../domain/money';

/** An amount as the server sent it ({value, currency}, value a decimal string), shown as "₭25,000". */
Component({
  properties: {
    value: { type: String, value: '' },
    currency: { type: String, value: '' },
    size: { type: String, value: '' },
  },
  data: { text: '' },
  observers: {
    'value, currency'(this: WechatMiniprogram.Component.TrivialInstance, value: string, currency: string) {
      this.setData({ text: priceText(value, currency) });
    },
  },
});

function priceText(value: string, currency: string): string {
  if (!value || !currency) return '';
  try {
    return displayMoney(parseAmount(value, parseCurrency(currency), { acceptTrailingZeros: true }));
  } catch (error) {
    if (error instanceof AmountError) return '—';
    throw error;
  }
}
