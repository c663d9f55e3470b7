/**
 * `distill mcp`: the vault as an MCP server over stdio, built on the official SDK. Read-only unless the vault's
 * config sets `mcp.allow_writes: true`; then `accept_task` and `reject_task` triage tasks exactly as
 * `distill tasks accept|reject` does. stdout carries the protocol, so anything said for people goes to stderr.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { DOC_KINDS } from '../search/documents.ts';
import {
  briefTool,
  getEntityTool,
  getNoteTool,
  listTasksTool,
  recentTool,
  searchTool,
  setTaskStatusTool,
  TASK_STATUS_VALUES,
  type Vault,
} from './tools.ts';

const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

type Answer = { content: { type: 'text'; text: string }[]; isError?: boolean };

/** A tool's data as JSON text; a failure as a one-line error the assistant can read (never a crashed server). */
function answer(fn: () => unknown): Answer {
  try {
    return { content: [{ type: 'text', text: JSON.stringify(fn(), null, 2) }] };
  } catch (e) {
    return { content: [{ type: 'text', text: (e as Error).message }], isError: true };
  }
}

export function createServer(v: Vault, version: string): McpServer {
  const server = new McpServer({ name: 'distill', version });
  const readOnly = { readOnlyHint: true, openWorldHint: false };

  server.registerTool(
    'search',
    {
      title: 'Search the vault',
      description:
        'Ranked full-text search (BM25) over source notes, people/account/project pages, tasks, archived originals and drafts. Every result has its vault path, date and a snippet.',
      inputSchema: {
        query: z.string().describe('words to find; "a phrase" in quotes, word* for a prefix'),
        person: z.string().optional().describe('only items involving this person (name or alias)'),
        account: z.string().optional().describe('only items involving this account'),
        since: DATE.optional().describe('only items dated on or after this day'),
        kind: z
          .enum(DOC_KINDS as [string, ...string[]])
          .optional()
          .describe('note, entity, task, source, draft, or email/meeting/document/person/account/project'),
        limit: z.number().int().min(1).max(100).optional(),
      },
      annotations: readOnly,
    },
    async (a) => answer(() => searchTool(v, a)),
  );

  server.registerTool(
    'get_note',
    {
      title: 'Read a note',
      description:
        "The text of one file in the vault's own folders (notes, archived sources, entity pages, outbox, digests, briefs), by its vault-relative path as other tools return it.",
      inputSchema: { path: z.string().describe('vault-relative path, e.g. Meetings/2026/2026-01-05 - Title.md') },
      annotations: readOnly,
    },
    async (a) => answer(() => getNoteTool(v, a)),
  );

  server.registerTool(
    'get_entity',
    {
      title: 'A person, account or project',
      description: 'Who or what a name refers to (aliases, emails, organisation, role) and its page, with the path.',
      inputSchema: { name: z.string().describe('a name, alias, email address or id like person:jeff-denworth') },
      annotations: readOnly,
    },
    async (a) => answer(() => getEntityTool(v, a)),
  );

  server.registerTool(
    'brief',
    {
      title: 'Meeting brief',
      description:
        'Before a meeting with a person or account: who they are, last interactions, open tasks both ways (theirs for the vault owner, the owner’s for them), recent decisions, key facts with dates, drafts waiting. Every item carries its vault path.',
      inputSchema: {
        name: z.string().describe('person or account name, alias or email'),
        date: DATE.optional().describe('the day of the brief (default today)'),
      },
      annotations: readOnly,
    },
    async (a) => answer(() => briefTool(v, a)),
  );

  server.registerTool(
    'list_tasks',
    {
      title: 'List tasks',
      description:
        'Tasks from the source notes with id, status, owner, due date and path. Default: open ones (proposed, accepted, in progress).',
      inputSchema: {
        owner: z.string().optional().describe('owner name; "me" for the vault owner'),
        status: z.enum(TASK_STATUS_VALUES).optional(),
        due_before: DATE.optional().describe('only tasks due before this day'),
        person: z.string().optional().describe('tasks owned by, naming, or from a conversation with this person'),
      },
      annotations: readOnly,
    },
    async (a) => answer(() => listTasksTool(v, a)),
  );

  server.registerTool(
    'recent',
    {
      title: 'What came in',
      description: 'Source notes (mail, meetings, documents) dated on or after a day, newest first, with their paths.',
      inputSchema: { since: DATE, limit: z.number().int().min(1).max(500).optional() },
      annotations: readOnly,
    },
    async (a) => answer(() => recentTool(v, a)),
  );

  const writes = v.config.mcp.allow_writes;
  const off = writes ? '' : ' Refused in this vault: mcp.allow_writes is not set.';
  server.registerTool(
    'accept_task',
    {
      title: 'Accept tasks',
      description: `Accept proposed tasks by id ([?] -> [ ]), journalled and committed like \`distill tasks accept\`.${off}`,
      inputSchema: { ids: z.array(z.string()).min(1).describe('task ids (the 🆔 of each task)') },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (a) => answer(() => setTaskStatusTool(v, a, 'open')),
  );
  server.registerTool(
    'reject_task',
    {
      title: 'Reject tasks',
      description: `Reject proposed tasks by id ([R]; the line stays so it is not proposed again), like \`distill tasks reject\`.${off}`,
      inputSchema: { ids: z.array(z.string()).min(1).describe('task ids (the 🆔 of each task)') },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (a) => answer(() => setTaskStatusTool(v, a, 'rejected')),
  );
  return server;
}

/** Serves until the client closes stdin. */
export async function serveStdio(v: Vault, version: string, log: (line: string) => void): Promise<void> {
  const server = createServer(v, version);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await server.connect(transport);
  log(`distill mcp: serving ${v.root} (${v.config.mcp.allow_writes ? 'task triage allowed' : 'read-only'})`);
  await closed;
  await server.close();
}
