/**
 * `npm test` prints vitest's summary and the failures, not the CLI's own progress lines: commands run in process by
 * a test write straight to the worker's stdout/stderr, so those writes go nowhere here. Tests that look at the output
 * capture it themselves (test/helpers/cli.ts spies on these same functions). DISTILL_TEST_VERBOSE=1 shows it all.
 */
if (!process.env.DISTILL_TEST_VERBOSE) {
  const quiet = (() => true) as typeof process.stdout.write;
  process.stdout.write = quiet;
  process.stderr.write = quiet;
}
