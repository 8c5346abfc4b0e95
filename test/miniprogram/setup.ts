/**
 * The one place `wx` is mocked for mini program tests, and the `Page` shim that lets
 * miniprogram-simulate (which defines only Component and Behavior) load pages.
 * Storage lives in memory; calls a test wants to inspect are jest mocks.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
const g = global as any;

// miniprogram-simulate defines Component when it is first required; make sure that has happened.
require('miniprogram-simulate');

/** A page is a component whose non-function fields become instance fields, as WeChat does. */
g.Page = (options: Record<string, unknown>) => {
  const { data, options: componentOptions, behaviors, ...rest } = options as any;
  const methods: Record<string, unknown> = {};
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) (typeof value === 'function' ? methods : fields)[key] = value;
  g.Component({
    data,
    options: componentOptions,
    behaviors,
    methods,
    lifetimes: {
      created(this: any) {
        Object.assign(this, fields);
      },
    },
  });
};

function installWx(): void {
  const storage = new Map<string, unknown>();
  const wx = g.wx ?? {};
  Object.assign(wx, {
    // wx storage keeps JSON-like values: what comes back is a copy, never the object that was stored.
    getStorageSync: jest.fn((key: string) => (storage.has(key) ? JSON.parse(JSON.stringify(storage.get(key))) : '')),
    setStorageSync: jest.fn((key: string, value: unknown) => void storage.set(key, JSON.parse(JSON.stringify(value)))),
    removeStorageSync: jest.fn((key: string) => void storage.delete(key)),
    clearStorageSync: jest.fn(() => storage.clear()),
    showToast: jest.fn(),
    showModal: jest.fn(),
    navigateTo: jest.fn(),
    navigateBack: jest.fn(),
    stopPullDownRefresh: jest.fn(),
    redirectTo: jest.fn(),
    switchTab: jest.fn(),
    // Calls a test wants to inspect; they succeed unless a test says otherwise.
    navigateToMiniProgram: jest.fn((options: { success?: () => void }) => options.success?.()),
    requestPayment: jest.fn((options: { success?: () => void }) => options.success?.()),
    login: jest.fn((options: { success?: (r: { code: string }) => void }) => options.success?.({ code: 'wx-login-code' })),
    setClipboardData: jest.fn((options: { success?: () => void }) => options.success?.()),
    getAccountInfoSync: jest.fn(() => ({ miniProgram: { appId: 'wxtest', envVersion: 'develop', version: '' } })),
    cloud: { init: jest.fn(), callFunction: jest.fn() },
  });
  g.wx = wx;
}

installWx();
beforeEach(installWx);
afterEach(() => jest.useRealTimers());
