/**
 * `distill.config.yaml` at the vault root. Every key is optional; the defaults below are the documented ones
 * (README "Configuration"). API keys are never read from this file, only from the environment.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';

export const CONFIG_FILE = 'distill.config.yaml';

const Folders = z
  .object({
    inbox: z.string().default('Inbox'),
    sources: z.string().default('Sources'),
    people: z.string().default('People'),
    accounts: z.string().default('Accounts'),
    projects: z.string().default('Projects'),
    meetings: z.string().default('Meetings'),
    outbox: z.string().default('Outbox'),
    digests: z.string().default('Digests'),
    briefs: z.string().default('Briefs'),
  })
  .prefault({});

const Owner = z
  .object({
    name: z.string().default('Myself'),
    emails: z.array(z.string()).default([]),
    aliases: z.array(z.string()).default([]),
    /** The owner's organisation, used to tell colleagues from external contacts. */
    organisation: z.string().nullable().default(null),
  })
  .prefault({});

const Provider = z.enum(['offline', 'openai', 'azure', 'anthropic', 'ollama', 'openai-compatible']);

const Llm = z
  .object({
    provider: Provider.default('offline'),
    model: z.string().nullable().default(null),
    /** Per task model overrides. */
    models: z
      .object({ extract: z.string().nullable().default(null), draft: z.string().nullable().default(null) })
      .prefault({}),
    fallback_model: z.string().nullable().default(null),
    base_url: z.string().nullable().default(null),
    /** Azure resource name or deployment API version. */
    azure_resource: z.string().nullable().default(null),
    api_version: z.string().nullable().default(null),
    temperature: z.number().min(0).max(2).default(0),
    concurrency: z.number().int().min(1).max(32).default(2),
    rpm: z.number().int().positive().nullable().default(null),
    tpm: z.number().int().positive().nullable().default(null),
    timeout_ms: z.number().int().positive().default(120_000),
    max_retries: z.number().int().min(0).max(10).default(4),
    /** Monthly budget in US dollars; calls stop (and fall back offline) once the month's spend reaches it. */
    budget_usd: z.number().nonnegative().nullable().default(null),
    /** Price per million tokens, by model id: { input, output }. */
    prices: z.record(z.string(), z.object({ input: z.number(), output: z.number() })).default({}),
  })
  .prefault({});

const Drafts = z
  .object({
    enabled: z.boolean().default(true),
    persona: z.string().default('Direct, warm, concise. No invented facts; state dates exactly.'),
    signature: z.string().nullable().default(null),
    /** Sender patterns (substring or /regex/) that never get a draft. */
    skip_senders: z.array(z.string()).default([]),
    /**
     * Draft replies to solicitations too: expert networks (GLG, AlphaSights, Guidepoint…, "paid consultation") and
     * cold sales outreach. Off by default: answering them is optional, and an urgent-sounding draft for one is noise.
     */
    solicitations: z.boolean().default(false),
  })
  .prefault({});

/** The MCP server (`distill mcp`) is read-only unless this is set: then it may accept and reject tasks. */
const Mcp = z.object({ allow_writes: z.boolean().default(false) }).prefault({});

const Git = z.object({ commit: z.enum(['run', 'source', 'off']).default('run') }).prefault({});

const Entities = z
  .object({
    /** Extra nickname groups: each list is a set of interchangeable given names. */
    nicknames: z.array(z.array(z.string())).default([]),
    /** Names that must never become entities. */
    stop_names: z.array(z.string()).default([]),
    /** Email domains that map to an account: { "microsoft.com": "Microsoft" }. */
    domains: z.record(z.string(), z.string()).default({}),
    /** A name only mentioned (never a sender, recipient or speaker) gets a page once this many sources name it. */
    min_sources: z.number().int().min(1).default(2),
  })
  .prefault({});

export const Config = z
  .object({
    owner: Owner,
    folders: Folders,
    timezone: z.string().default('UTC'),
    llm: Llm,
    drafts: Drafts,
    git: Git,
    entities: Entities,
    mcp: Mcp,
  })
  .prefault({});
export type Config = z.infer<typeof Config>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseConfig(text: string, file = CONFIG_FILE): Config {
  let raw: unknown;
  try {
    raw = YAML.parse(text) ?? {};
  } catch (e) {
    throw new ConfigError(`${file}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const parsed = Config.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ConfigError(`${file}: ${first?.path.join('.') || '(root)'}: ${first?.message}`);
  }
  return parsed.data;
}

export function defaultConfig(): Config {
  return Config.parse({});
}

export function loadConfig(vaultRoot: string): Config {
  const file = path.join(vaultRoot, CONFIG_FILE);
  if (!existsSync(file)) return defaultConfig();
  return parseConfig(readFileSync(file, 'utf8'), file);
}
