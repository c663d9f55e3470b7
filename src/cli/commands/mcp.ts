/** `distill mcp`: serve the vault to an AI assistant over stdio (Model Context Protocol). */
import type { Command } from 'commander';
import { serveStdio } from '../../mcp/server.ts';
import { EXIT_OK, info, openVault } from '../context.ts';
import { version } from '../version.ts';

export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('mcp')
    .description(
      'serve the vault to an AI assistant over stdio (MCP): search, notes, entities, briefs, tasks; read-only by default',
    )
    // Also accepted after the command (`distill mcp --vault ~/Notes`), the way MCP client configs tend to write it.
    .option('--vault <dir>', 'vault root (as the global --vault)')
    .action(async (o: { vault?: string }) => {
      const { root, config } = openVault({ vault: o.vault ?? program.opts().vault });
      await serveStdio({ root, config }, version(), info);
      setExit(EXIT_OK);
    });
}
