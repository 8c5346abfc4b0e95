// jsdom for rendering pages, plus the Node globals the in-process backend needs in the full-flow test
// (the mini program's own code is type-checked against ES2020 alone, so it cannot come to rely on them).
const { TestEnvironment } = require('jest-environment-jsdom');

class MiniprogramEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    Object.assign(this.global, { structuredClone, TextDecoder, TextEncoder, setImmediate, clearImmediate });
  }
}

module.exports = MiniprogramEnvironment;
