// Order of the test files for each mutant: the pure unit tests first, then the store contract, then
// the function tests. Stryker bails at the first failing file, so a mutant that a quick unit test kills
// never waits for the slower function tests (matters most for static mutants, which run every file).
const Sequencer = require('@jest/test-sequencer').default;

const rank = (path) => (/[\\/]test[\\/]unit[\\/]/.test(path) ? 0 : /[\\/]test[\\/]contract[\\/]/.test(path) ? 1 : 2);

class UnitFirst extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => rank(a.path) - rank(b.path) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}

module.exports = UnitFirst;
