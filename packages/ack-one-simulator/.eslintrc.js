module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // The API server's request handlers use `return send(...)` for flow
    // control; every path either sends a response or throws a Status error.
    'consistent-return': 'off',
  },
});
