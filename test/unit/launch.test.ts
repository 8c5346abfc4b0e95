import { decideLaunch } from '../../server/newpay/launch';

const context = { orderNo: 'ORDER1', envVersion: 'release' as const, ownAppId: 'wxOURS' };

describe('decideLaunch', () => {
  it('navigates to the cashier mini program named by a plaintext scheme', () => {
    const url = 'weixin://dl/business/?appid=wxCASHIER&path=pages/pay/index&query=newpayOrderNo%3D202611210000006950&env_version=trial';
    expect(decideLaunch(url, context)).toEqual({ kind: 'navigate', appId: 'wxCASHIER', path: 'pages/pay/index?newpayOrderNo=202611210000006950', envVersion: 'trial' });
  });

  it("uses the order's envVersion when the scheme names none or an unknown one", () => {
    const url = 'weixin://dl/business/?appid=wxCASHIER&path=/pages/pay/index&env_version=develop';
    expect(decideLaunch(url, { ...context, envVersion: 'trial' })).toEqual({ kind: 'navigate', appId: 'wxCASHIER', path: 'pages/pay/index', envVersion: 'trial' });
  });

  it('pays in our own mini program when the scheme targets it', () => {
    const url = 'weixin://dl/business/?appid=wxOURS&path=pages/pay/index&query=newpayOrderNo%3D1';
    expect(decideLaunch(url, context)).toEqual({ kind: 'inApp', orderNo: 'ORDER1' });
  });

  it.each([
    ['an encrypted scheme', 'weixin://dl/business/?t=AbCdEf123'],
    ['a URL link', 'https://wxaurl.cn/abcDEF'],
    ['a web cashier', 'https://pay.newpay.la/cashier?order=1'],
    ['a scheme without path', 'weixin://dl/business/?appid=wxCASHIER'],
  ])('hands %s to the user as an external link', (_what, url) => {
    expect(decideLaunch(url, context)).toEqual({ kind: 'external', url });
  });
});
