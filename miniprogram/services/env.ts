import type { EnvVersion } from '../../typings/contracts';

/** Which NewPay cashier build to ask for: develop and trial builds of the shop test against trial. */
export function envVersion(): EnvVersion {
  try {
    return wx.getAccountInfoSync().miniProgram.envVersion === 'release' ? 'release' : 'trial';
  } catch {
    return 'release';
  }
}
