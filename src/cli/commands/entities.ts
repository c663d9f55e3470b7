import type { Command } from 'commander';

// Scaffold: the owning module replaces this with its subcommands.
export function register(_program: Command, _setExit: (code: number) => void): void {}
