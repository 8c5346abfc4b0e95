/** Rendering pages and components with miniprogram-simulate, and answering their cloud calls. */
import * as path from 'node:path';
import simulate from 'miniprogram-simulate';
import type { FunctionName } from '../../typings/contracts';

export const ROOT = path.resolve(__dirname, '../../miniprogram');

export type Rendered = ReturnType<typeof simulate.render>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PageInstance = Record<string, any> & { data: Record<string, any> };

/** Loads a component or page fresh (simulate caches definitions per path, jest's registry too). */
export function render(relative: string, properties?: Record<string, unknown>): Rendered {
  jest.resetModules();
  const id = simulate.load(path.join(ROOT, relative), { compiler: 'simulate', rootPath: ROOT });
  const rendered = simulate.render(id, properties);
  rendered.attach(document.createElement('parent-wrapper'));
  return rendered;
}

/** Renders a page and runs its lifecycle as WeChat would: onLoad(query), then onShow. */
export async function openPage(name: string, query: Record<string, string> = {}, beforeLoad?: () => void): Promise<{ page: Rendered; instance: PageInstance }> {
  const page = render(`pages/${name}/index`);
  beforeLoad?.();
  const instance = page.instance as unknown as PageInstance;
  instance.onLoad?.(query);
  instance.onShow?.();
  await settle();
  return { page, instance };
}

/** Lets pending promises and renders finish. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await simulate.sleep(0);
}

export function text(root: Rendered, selector: string): string | undefined {
  return root.querySelector(selector)?.dom?.textContent?.replace(/\s+/g, ' ').trim();
}

export function texts(root: Rendered, selector: string): (string | undefined)[] {
  return root.querySelectorAll(selector).map((node) => node.dom?.textContent?.replace(/\s+/g, ' ').trim());
}

export async function tap(root: Rendered, selector: string): Promise<void> {
  const node = root.querySelector(selector);
  if (!node) throw new Error(`nothing matches ${selector}`);
  node.dispatchEvent('tap');
  await settle();
}

type Handler = (event: Record<string, unknown>) => unknown;

/**
 * Answers wx.cloud.callFunction from these handlers. A handler that throws, or a function without a
 * handler, fails the call like a lost network connection does.
 */
export function cloudFunctions(handlers: Partial<Record<FunctionName, Handler>>): jest.Mock {
  const mock = jest.fn(async ({ name, data }: { name: FunctionName; data: Record<string, unknown> }) => {
    const handler = handlers[name];
    if (!handler) throw new Error(`cloud.callFunction:fail ${name}`);
    return { result: await handler(data), errMsg: 'cloud.callFunction:ok' };
  });
  (wx.cloud as unknown as { callFunction: jest.Mock }).callFunction = mock;
  return mock;
}

export const wxMock = () => wx as unknown as Record<string, jest.Mock>;

/** Text inside each child component matched by `host` (queries do not reach into child components). */
export function textsIn(root: Rendered, host: string, inner: string): (string | undefined)[] {
  return root.querySelectorAll(host).map((child) => text(child as unknown as Rendered, inner));
}

/** Collects the `detail` of every `name` event a rendered component emits. */
export function listen<T>(root: Rendered, name: string): T[] {
  const seen: T[] = [];
  (root as unknown as { addEventListener(n: string, f: (e: { detail: T }) => void): void }).addEventListener(name, (e) => seen.push(e.detail));
  return seen;
}

/** Makes the result page's backoff quick: the same number of checks, milliseconds apart. */
export function quickPolling(): void {
  // The page's own instance of the module (jest.resetModules gave it a fresh registry).
  const orders = require('../../miniprogram/services/orders') as { POLL_DELAYS_MS: number[] };
  orders.POLL_DELAYS_MS.splice(0, orders.POLL_DELAYS_MS.length, 0, 5, 5, 5, 5);
}

/** Waits (in real time, up to `ms`) until `done()` holds, letting renders settle in between. */
export async function until(done: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
    await settle(1);
  }
}
