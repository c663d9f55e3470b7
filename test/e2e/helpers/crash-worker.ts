/**
 * A pre-warmed `distill run` for the crash tests: it loads the CLI and runs one read-only dry run of a demo source
 * first (loading and JIT warm-up are most of a child's life), says `ready`, then runs one job `{ root, crashAt }`
 * with DISTILL_CRASH_AT set, exactly as `distill run --vault root` would. The crash is a real SIGKILL of this
 * process from inside FsOps.
 */
const { runCommand, DEMO_VAULT } = await import('../../../src/cli/commands/run.ts');
const { runPipeline } = await import('../../../src/cli/pipeline.ts');
const { loadConfig } = await import('../../../src/vault/config.ts');

await runPipeline(DEMO_VAULT, loadConfig(DEMO_VAULT), {
  dryRun: true,
  files: ['Inbox/2025-12-11_091323_2229_Re-Azure-VoC-for-MSFT-testing.md'],
});

process.on('message', (job: { root: string; crashAt: number }) => {
  process.env.DISTILL_CRASH_AT = String(job.crashAt);
  runCommand(job.root, loadConfig(job.root), {})
    .then((code) => process.send?.({ code }, () => process.exit(0)))
    .catch((e: Error) => process.send?.({ error: e.message }, () => process.exit(0)));
});
process.send?.('ready');
