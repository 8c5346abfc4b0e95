#!/usr/bin/env node
// Hand-made mutants for the money rules of issue 16 that Stryker's mutators cannot write (`>=` for
// `===`, a wider status condition, a dropped `await`, UTF-16 key order, ...). Each breaks one rule in a
// scratch copy of the repository (never in the work tree) and runs only the tests named after that rule
// ("rule N: ..." in test/{unit,functions}/moneyRules.test.ts); the mutant must make one of them fail.
//
//   node test/mutation/rule-mutants.mjs          every mutant
//   node test/mutation/rule-mutants.mjs 7 10     the mutants of rules 7 and 10
//
// Exits 1 when a mutant survives or its source text is no longer there (then update `from` below).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const TESTS = ['test/unit/moneyRules.test.ts', 'test/functions/moneyRules.test.ts'];

/** rule, file, what the mutant does, and the text it replaces (every occurrence). */
const MUTANTS = [
  [1, 'server/orders/settlement.ts', 'accepts a higher amount', '.minor === parseAmount(order.amount', '.minor >= parseAmount(order.amount'],
  [2, 'server/orders/settlement.ts', 'a missing amount matches', '    // parseAmount refuses a missing amount', '    if (reported === undefined) return true;\n    // parseAmount refuses a missing amount'],
  [2, 'server/orders/settlement.ts', 'trusts a report without amount', 'amountMatches: currencyMatches && reportedAmountMatches(order, report.orderAmt)', 'amountMatches: report.orderAmt === undefined ? currencyMatches : currencyMatches && reportedAmountMatches(order, report.orderAmt)'],
  [3, 'server/orders/payments.ts', "ignores createOpenMini's amount", 'if (!reportedAmountMatches(order, created.orderAmt) || (', 'if (('],
  [3, 'server/orders/payments.ts', "refuses only a lower createOpenMini amount", '!reportedAmountMatches(order, created.orderAmt)', 'Number(created.orderAmt) < Number(order.amount)'],
  [3, 'server/orders/payments.ts', "ignores createOpenMini's currency", ' || (created.currency !== undefined && created.currency !== order.currency)) {', ') {'],
  [4, 'server/core/pricing.ts', "ignores the product's currency", 'if (product.price.currency !== currency) {', 'if (false) {'],
  [5, 'server/newpay/client.ts', 'accepts an unsigned answer to a signed call', "if (signedAnswer === 'required' || data.sign !== undefined) {", 'if (data.sign !== undefined) {'],
  [6, 'server/newpay/client.ts', 'accepts a query answer about another order', 'if (fields.orderNo !== request.orderNo) throw', 'if (false) throw'],
  [7, 'server/orders/payments.ts', 'PENDING→PAYING may overwrite PAID', "{ statusIn: [accepted.from] }, paying)", "{ statusIn: ['PENDING', 'PAYING', 'PAID'] }, paying)"],
  [8, 'server/orders/payments.ts', 'miniPayment ignores the status', "if (order.status !== 'PAYING' || !order.newpayOrderNo)", 'if (!order.newpayOrderNo)'],
  [10, 'server/orders/notifications.ts', 'the verdict write is not awaited', 'await deps.store.updateEvent(', 'void deps.store.updateEvent('],
  [11, 'server/newpay/canonical.ts', 'keys in UTF-16 order', '.sort(compareBytes)', '.sort()'],
  [12, 'server/orders/settlement.ts', 'a failure sets paidAt', "...(decision.to === 'PAID' ? { paidAt: now } : { failedAt: now })", '...{ paidAt: now }'],
  [12, 'server/orders/settlement.ts', 'a success sets failedAt', "...(decision.to === 'PAID' ? { paidAt: now } : { failedAt: now })", "...{ failedAt: now, ...(decision.to === 'PAID' ? { paidAt: now } : {}) }"],
  [12, 'server/orders/settlement.ts', "overwrites NewPay's order number", '!order.newpayOrderNo && report.newpayOrderNo ?', 'report.newpayOrderNo ?'],
  [12, 'server/orders/settlement.ts', "never fills in NewPay's order number", '!order.newpayOrderNo && report.newpayOrderNo ?', 'false ?'],
  [12, 'server/orders/settlement.ts', 'an unreadable amount matches', 'if (error instanceof AmountError) return false;', 'if (error instanceof AmountError) return true;'],
];

const only = process.argv.slice(2).map(Number);
const selected = MUTANTS.filter(([rule]) => only.length === 0 || only.includes(rule));

const scratch = mkdtempSync(join(tmpdir(), 'rule-mutants-'));
const SKIP = new Set(['node_modules', '.git', 'dist', '.data', '.stryker-tmp', 'reports', 'coverage']);
cpSync(ROOT, scratch, { recursive: true, filter: (src) => !SKIP.has(src.slice(ROOT.length + 1).split('/')[0]) });
symlinkSync(join(ROOT, 'node_modules'), join(scratch, 'node_modules'), 'dir');

function runRuleTests(rule) {
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '-c', 'test/mutation/jest.config.js', '--ci', '--silent', '-t', `rule ${rule}:`, ...TESTS], { cwd: scratch, encoding: 'utf8' });
  const tests = /Tests:\s+(.*)/.exec(run.stderr)?.[1] ?? 'no summary';
  return { failed: run.status !== 0, tests };
}

const results = [];
try {
  const baseline = [...new Set(selected.map(([rule]) => rule))].map((rule) => ({ rule, ...runRuleTests(rule) }));
  for (const b of baseline) if (b.failed) throw new Error(`the rule ${b.rule} tests fail without any mutant (${b.tests}): fix them first`);
  for (const [rule, file, what, from, to] of selected) {
    const path = join(scratch, file);
    const original = readFileSync(path, 'utf8');
    if (!original.includes(from)) {
      results.push({ rule, file, what, verdict: 'SOURCE MOVED', tests: `"${from}" not found` });
      continue;
    }
    writeFileSync(path, original.split(from).join(to));
    try {
      const run = runRuleTests(rule);
      results.push({ rule, file, what, verdict: run.failed ? 'killed' : 'SURVIVED', tests: run.tests });
    } finally {
      writeFileSync(path, original);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

for (const r of results) console.log(`rule ${String(r.rule).padEnd(2)}  ${r.verdict.padEnd(12)}  ${r.file}: ${r.what}  (${r.tests})`);
const bad = results.filter((r) => r.verdict !== 'killed');
console.log(`\n${results.length - bad.length} of ${results.length} hand-made mutants killed by the tests named after their rule`);
process.exit(bad.length > 0 ? 1 : 0);
