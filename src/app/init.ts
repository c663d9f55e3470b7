/** The vault-making use cases: `init` (a new vault, with the owner's details) and the demo vault. */
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commitPending, initRepo, isGitRepo } from '../apply/git.ts';
import { applyPlan } from '../apply/index.ts';
import { newRunId } from '../core/run-id.ts';
import { tasksDashboard, tasksPluginConfig } from '../outputs/dashboard.ts';
import type { ChangePlan } from '../plan/change-plan.ts';
import { CONFIG_FILE, loadConfig } from '../vault/config.ts';
import { STATE_DIR } from '../vault/ledger.ts';
import { RequestError } from './errors.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The bundled demo vault (its inbox of real-looking exports and a config), from src/app or dist/app alike. */
export const DEMO_VAULT = path.resolve(here, '../../demo/vault');

const CONFIG_TEMPLATE = `# Distill configuration. Every key is optional; the values shown are the defaults.
# API keys are read from the environment only (OPENAI_API_KEY, AZURE_OPENAI_API_KEY, ANTHROPIC_API_KEY).
owner:
  name: Myself          # your full name, as people write it
  emails: []            # your addresses: mail from them is yours, mail to them is addressed to you
  aliases: []           # other spellings of your name (nicknames, transcription variants)
  organisation: null
timezone: UTC
llm:
  provider: offline     # offline | openai | azure | anthropic | ollama | openai-compatible
git:
  commit: run           # run | source | off
`;

// The failed queue is a working area (an unreadable file may be huge or binary): kept on disk, not in history.
const GITIGNORE = [
  '.distill/cache/',
  '.distill/lock*',
  '.distill/journal/',
  '.obsidian/workspace*.json',
  'Inbox/_failed/',
];

export interface InitOptions {
  git?: boolean;
  owner?: string;
  emails?: string[];
  organisation?: string;
  timezone?: string;
  aliases?: string[];
}

/** The runtime's name for an IANA time zone (`europe/london` -> `Europe/London`), or null for an unknown one. */
export function knownTimezone(tz: string): string | null {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** The config a new vault starts with: the template, with the owner's answers filled in (as YAML-safe JSON). */
export function initialConfig(opts: InitOptions): string {
  let text = CONFIG_TEMPLATE;
  const set = (from: string, to: string) => {
    text = text.replace(from, to);
  };
  if (opts.owner) set('name: Myself', `name: ${JSON.stringify(opts.owner)}`);
  if (opts.emails?.length) set('emails: []', `emails: ${JSON.stringify(opts.emails)}`);
  if (opts.aliases?.length) set('aliases: []', `aliases: ${JSON.stringify(opts.aliases)}`);
  if (opts.organisation) set('organisation: null', `organisation: ${JSON.stringify(opts.organisation)}`);
  if (opts.timezone) set('timezone: UTC', `timezone: ${JSON.stringify(opts.timezone)}`);
  return text;
}

/** One question to the person setting up; resolves to the answer, or `fallback` when the answer is empty. */
export type Ask = (question: string, fallback: string) => Promise<string>;

const listOf = (answer: string) =>
  answer
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * What `init` asks on a terminal: every owner detail its flags did not give. Empty answers keep the defaults; a
 * time zone the runtime does not know is reported and asked again.
 */
export async function askMissing(o: InitOptions, ask: Ask, report: (m: string) => void): Promise<InitOptions> {
  const out: InitOptions = { ...o };
  if (!out.owner) {
    const name = (await ask('Your full name, as people write it', '')).trim();
    if (name) out.owner = name;
  }
  if (!out.emails?.length) out.emails = listOf(await ask('Your email addresses (comma-separated)', ''));
  if (!out.aliases?.length)
    out.aliases = listOf(await ask('Other spellings of your name: nicknames, initials (comma-separated)', ''));
  if (!out.organisation) {
    const org = (await ask('Your organisation', '')).trim();
    if (org) out.organisation = org;
  }
  if (!out.timezone) {
    const local = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    for (;;) {
      const tz = (await ask('Your time zone', local)).trim() || local;
      const known = knownTimezone(tz);
      if (known) {
        out.timezone = known;
        break;
      }
      report(`the time zone must be an IANA time zone such as Europe/London or America/New_York, not "${tz}"`);
    }
  }
  return out;
}

/**
 * Make `dir` a vault: git (unless `git: false`), the config with the owner's details, the Tasks dashboard, the
 * Obsidian Tasks statuses, `.gitignore` and the inbox. What exists already is left alone. Returns what it created.
 */
export function initVault(dir: string, opts: InitOptions = {}): string[] {
  if (opts.timezone && !knownTimezone(opts.timezone))
    throw new RequestError(
      `--timezone must be an IANA time zone such as Europe/London or America/New_York, not "${opts.timezone}"`,
    );
  mkdirSync(dir, { recursive: true });
  const created: string[] = [];
  if (opts.git !== false && !isGitRepo(dir)) {
    initRepo(dir);
    created.push('.git/');
  }
  const config = loadConfig(dir);
  const files: Record<string, string> = {
    [CONFIG_FILE]: initialConfig(opts),
    'Tasks.md': tasksDashboard(config),
    '.obsidian/plugins/obsidian-tasks-plugin/data.json': `${JSON.stringify(tasksPluginConfig(), null, 2)}\n`,
    '.gitignore': `${GITIGNORE.join('\n')}\n`,
    [`${config.folders.inbox}/.gitkeep`]: '',
  };
  const plan: ChangePlan = {
    run_id: newRunId(),
    created: new Date().toISOString(),
    operations: Object.entries(files)
      .filter(([p]) => !existsSync(path.join(dir, p)))
      .map(([p, content]) => ({ op: 'create_note' as const, path: p, content })),
    sources: [],
    skipped: [],
    failed: [],
    warnings: [],
  };
  const result = applyPlan(dir, plan, { config, message: 'distill init' });
  return [...created, ...result.files.filter((f) => !f.startsWith(`${STATE_DIR}/`))];
}

/** git init and commit what is there except the inbox (a vault the user already keeps in git). */
export function commitExisting(dir: string, message: string): void {
  initRepo(dir);
  commitPending(dir, message, ['Inbox'], {
    identity: { name: 'Distill demo', email: 'demo@localhost' },
    allowEmpty: true,
  });
}

/** The marker that says a folder is a demo vault, so `demo` may replace it. */
const DEMO_MARK = '.distill-demo';

/** A fresh copy of the demo vault at `out` (an earlier demo vault there is replaced), committed and initialised. */
export function createDemoVault(out: string): void {
  if (existsSync(out)) {
    if (!existsSync(path.join(out, DEMO_MARK))) throw new RequestError(`${out} exists and is not a demo vault`);
    rmSync(out, { recursive: true, force: true });
  }
  mkdirSync(path.dirname(out), { recursive: true });
  cpSync(DEMO_VAULT, out, { recursive: true });
  writeFileSync(path.join(out, DEMO_MARK), 'created by `distill demo`; safe to delete\n');
  commitExisting(out, 'demo vault as exported (before Distill)');
  initVault(out);
}
