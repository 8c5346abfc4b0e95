/**
 * "Pay again" for an unpaid order, shared by the result and order pages. Two taps, as at checkout:
 * "Continue payment" fetches the order's launch again (same idempotency key, so the same order), and
 * "Pay now" opens payment from its own tap. The page provides `data.orderNo` and `afterPayment(outcome)`.
 */
import type { Launch } from '../../typings/contracts';
import type { Problem } from '../services/messages';
import { LaunchOutcome, launchPayment, resumePayment } from '../services/payment';

interface PayAgainData {
  orderNo: string;
  launch: Launch | null;
  resuming: boolean;
  paying: boolean;
}
type Instance = Omit<WechatMiniprogram.Component.TrivialInstance, 'data'> & { data: PayAgainData; afterPayment?: (outcome: LaunchOutcome) => void };

export const payAgain = Behavior({
  data: { launch: null as Launch | null, resuming: false, paying: false, payProblem: null as Problem | null },
  methods: {
    async continuePayment(this: Instance) {
      if (this.data.resuming) return;
      this.setData({ resuming: true, payProblem: null });
      const resumed = await resumePayment(this.data.orderNo);
      if (resumed.ok && resumed.launch) this.setData({ resuming: false, launch: resumed.launch });
      else if (resumed.ok) this.setData({ resuming: false, payProblem: { message: 'This order can no longer be paid.', retryable: false } });
      else this.setData({ resuming: false, payProblem: resumed.problem });
    },
    async payNow(this: Instance) {
      if (this.data.paying || !this.data.launch) return;
      this.setData({ paying: true });
      const outcome = await launchPayment(this.data.launch);
      this.setData({ paying: false, launch: null });
      this.afterPayment?.(outcome);
    },
  },
});
