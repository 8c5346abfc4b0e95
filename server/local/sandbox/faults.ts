/**
 * The faults the sandbox injects, described once. Each entry of FAULT_TABLE checks a value and names
 * its type, so the validation of POST /admin/faults, the `valid` listing of its 400 answer, the
 * sandbox's index page and the `Faults` type all come from the same object and cannot drift apart.
 */
import { isValidOrderNo } from '../../core/orderNo';

interface FaultSpec<T> {
  /** The type as a person reads it in the 400 answer. */
  readonly type: string;
  /** What the fault does, for the index page. */
  readonly what: string;
  readonly accepts: (value: unknown) => value is T;
}

const integer = (min: number, max: number, what: string): FaultSpec<number> => ({
  type: `integer ${min}-${max}`,
  what,
  accepts: (value): value is number => Number.isInteger(value) && (value as number) >= min && (value as number) <= max,
});

const oneOf = <T extends string>(values: readonly T[], what: string): FaultSpec<T> => ({
  type: values.map((v) => `"${v}"`).join(' or '),
  what,
  accepts: (value): value is T => values.includes(value as T),
});

const spec = <T>(type: string, what: string, accepts: (value: unknown) => value is T): FaultSpec<T> => ({ type, what, accepts });

export const FAULT_TABLE = {
  orderNo: spec('our order number ([A-Za-z0-9], 1-32 characters)', 'apply the faults to this order only (else to all)', isValidOrderNo),
  dropCallbacks: integer(0, 100, 'the first N callback deliveries are not sent (they still count as attempts)'),
  duplicateCallbacks: integer(1, 100, 'each delivery is sent N times at once'),
  callbackDelayMs: integer(0, 600_000, 'wait this long before each delivery'),
  callbackAmount: spec('decimal string, e.g. "1.00"', "callbacks report this amount instead of the order's", (value): value is string => typeof value === 'string' && /^[0-9]{1,15}(\.[0-9]{1,2})?$/.test(value)),
  createOpenMini: oneOf(['5xx', 'timeout'] as const, '"5xx" answers 502 without acting; "timeout" creates the order and never answers'),
  createOpenMiniTimes: integer(0, 100, 'how many createOpenMini calls the fault applies to (default 1)'),
};

type Table = typeof FAULT_TABLE;
type Accepted<S> = S extends FaultSpec<infer T> ? T : never;

/** A valid POST /admin/faults body. */
export type FaultRequest = { [K in keyof Table]?: Accepted<Table[K]> };
/** Faults in force, globally or for one orderNo (ours, not NewPay's). */
export type Faults = Omit<FaultRequest, 'orderNo'>;

/** The 400 answer to a request the sandbox refuses: what was wrong, and every valid fault with its type. */
export class FaultRefusal extends Error {
  constructor(
    message: string,
    readonly fault?: string,
  ) {
    super(message);
  }

  get body(): { message: string; fault?: string; valid: Record<string, string> } {
    return { message: this.message, ...(this.fault === undefined ? {} : { fault: this.fault }), valid: faultTypes() };
  }
}

export function faultTypes(): Record<string, string> {
  return Object.fromEntries(Object.entries(FAULT_TABLE).map(([name, s]) => [name, s.type]));
}

/** Checks a POST /admin/faults body in full before anything is applied: one bad fault refuses it all. */
export function parseFaultRequest(raw: string): FaultRequest {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    body = undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new FaultRefusal('send a JSON object of faults');
  for (const [name, value] of Object.entries(body)) {
    if (!Object.hasOwn(FAULT_TABLE, name)) throw new FaultRefusal(`unknown fault ${name}`, name);
    const s = FAULT_TABLE[name as keyof Table] as FaultSpec<unknown>;
    if (!s.accepts(value)) throw new FaultRefusal(`fault ${name} must be ${s.type}, got ${String(JSON.stringify(value)).slice(0, 60)}`, name);
  }
  return body as FaultRequest;
}

/** The faults in force: global ones and per-order ones, which win. */
export class FaultBook {
  private global: Faults = {};
  private readonly perOrder = new Map<string, Faults>();

  /** Adds faults from a request that parseFaultRequest accepted; returns what is now in force there. */
  add(request: FaultRequest): Faults {
    const { orderNo, ...faults } = request;
    if (faults.createOpenMini && faults.createOpenMiniTimes === undefined) faults.createOpenMiniTimes = 1;
    if (orderNo === undefined) return (this.global = { ...this.global, ...faults });
    const merged = { ...this.perOrder.get(orderNo), ...faults };
    this.perOrder.set(orderNo, merged);
    return merged;
  }

  clear(): void {
    this.global = {};
    this.perOrder.clear();
  }

  snapshot(): { global: Faults; orders: Record<string, Faults> } {
    return { global: this.global, orders: Object.fromEntries(this.perOrder) };
  }

  for(orderNo: string): Faults {
    return { ...this.global, ...this.perOrder.get(orderNo) };
  }

  /** Uses up one count of a counted fault, returning the fault when it applied. */
  take(orderNo: string, kind: 'createOpenMini' | 'dropCallbacks'): Faults['createOpenMini'] | boolean | undefined {
    for (const faults of [this.perOrder.get(orderNo), this.global]) {
      if (!faults) continue;
      if (kind === 'dropCallbacks' && (faults.dropCallbacks ?? 0) > 0) {
        faults.dropCallbacks = faults.dropCallbacks! - 1;
        return true;
      }
      if (kind === 'createOpenMini' && faults.createOpenMini && (faults.createOpenMiniTimes ?? 0) > 0) {
        faults.createOpenMiniTimes = faults.createOpenMiniTimes! - 1;
        return faults.createOpenMini;
      }
    }
    return undefined;
  }
}

/** One line per fault, for the sandbox's index page. */
export function faultHelpLines(): string[] {
  return Object.entries(FAULT_TABLE).map(([name, s]) => `      ${name.padEnd(20)} ${s.type}: ${s.what}`);
}
