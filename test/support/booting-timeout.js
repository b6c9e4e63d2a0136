// Suites that boot the API, its database and workers in beforeAll (the e2e, int and seeds projects):
// on a busy 2-core machine one boot took over Jest's default 5 s for a hook (a clean-clone CI run
// with a benchmark beside it failed 182 tests that way, none on an assertion), so their hooks and
// tests get 30 s. (The `testTimeout` option of a project is not applied to its hooks; this is.)
jest.setTimeout(30_000);
