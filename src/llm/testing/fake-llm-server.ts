/**
 * In-process fake LLM servers for tests: one HTTP server on 127.0.0.1 that speaks OpenAI chat completions and
 * Responses, Azure's deployment and v1 paths, Anthropic messages, and Ollama's native and OpenAI-compatible APIs.
 * A script decides each reply (valid JSON, schema-violating text, truncation, 429 + Retry-After, 500, slow);
 * every request is recorded with its parsed body and headers so tests can assert what went over the wire.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Protocol =
  | 'openai-chat'
  | 'openai-responses'
  | 'anthropic-messages'
  | 'ollama-chat'
  | 'ollama-tags'
  | 'models'
  | 'unknown';

export interface RecordedRequest {
  index: number;
  /** Arrival time (ms since epoch), to check backoff. */
  at: number;
  method: string;
  path: string;
  protocol: Protocol;
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  body: Record<string, unknown> | null;
  model: string | null;
  /** All prompt text of the request (system + messages), concatenated: what a model would read. */
  prompt: string;
}

export type FakeReply =
  /** A structured answer: the server serialises it as the model's text (or a tool call, if tools were sent). */
  | { kind: 'json'; value: unknown; usage?: { input: number; output: number } }
  /** Raw model text; `truncated` reports the output-token limit as the finish reason. */
  | { kind: 'text'; text: string; truncated?: boolean; usage?: { input: number; output: number } }
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'slow'; ms: number; reply: FakeReply };

export type FakeScript = (req: RecordedRequest) => FakeReply | Promise<FakeReply>;

export interface FakeLlmServer {
  /** `http://127.0.0.1:<port>` (no path). */
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Requests that reached a model endpoint (not model listings). */
  modelCalls(): RecordedRequest[];
  setScript(script: FakeScript): void;
  close(): Promise<void>;
}

export interface FakeServerOptions {
  script?: FakeScript;
  /** Model ids the listing endpoints report. */
  models?: string[];
}

function protocolOf(method: string, path: string): Protocol {
  const p = path.split('?')[0] ?? '';
  if (p.endsWith('/chat/completions')) return 'openai-chat';
  if (p.endsWith('/responses')) return 'openai-responses';
  if (p.endsWith('/messages')) return 'anthropic-messages';
  if (p === '/api/chat') return 'ollama-chat';
  if (p === '/api/tags') return 'ollama-tags';
  if (method === 'GET' && p.endsWith('/models')) return 'models';
  return 'unknown';
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => {
        if (typeof part === 'string') return part;
        const p = part as { text?: unknown; content?: unknown };
        return typeof p.text === 'string' ? p.text : textOf(p.content);
      })
      .join('\n');
  }
  return '';
}

function promptOf(body: Record<string, unknown> | null): string {
  if (!body) return '';
  const parts: string[] = [];
  if (body.system !== undefined) parts.push(textOf(body.system));
  if (typeof body.instructions === 'string') parts.push(body.instructions);
  const msgs = (body.messages ?? body.input) as unknown;
  if (typeof msgs === 'string') parts.push(msgs);
  else if (Array.isArray(msgs)) for (const m of msgs) parts.push(textOf((m as { content?: unknown }).content));
  return parts.join('\n');
}

/** The text between the prompt's source delimiters: lets a script build answers whose quotes really occur. */
export function sourceFromPrompt(prompt: string): string {
  // The system prompt names the delimiters too: the data block is the last line that opens with them.
  const start = prompt.lastIndexOf('\n<<<SOURCE kind=') + 1;
  const end = prompt.lastIndexOf('\nSOURCE>>>');
  if (start <= 0 || end < start) return '';
  const afterHeader = prompt.indexOf('\n', start);
  return prompt.slice(afterHeader + 1, end + 1);
}

/**
 * A valid extraction built from the source in a prompt: a real line becomes the task's evidence, so grounding keeps
 * it. Used by the end-to-end test and as the default script.
 */
export function cannedExtraction(prompt: string): Record<string, unknown> {
  const source = sourceFromPrompt(prompt);
  // Message headers are rendered by the prompt builder, not copied from the source: quote only body text, and at
  // most twelve words of it (a turn may have been tidied by the adapter further along).
  const header = /^(--- message|Date:|From:|To:|Cc:|Subject:|Note:)/;
  const lines = source
    .split('\n')
    .filter((l) => !header.test(l))
    .map((l) =>
      l
        .replace(/^\[[^\]]*\]\s*/, '')
        .replace(/^[^:]{1,60}:\s+/, '')
        .trim(),
    )
    .map((l) => l.split(/\s+/).slice(0, 12).join(' '))
    .filter((l) => l.length >= 25);
  const quote = (lines[0] ?? source.trim().slice(0, 60)) || 'n/a';
  const second = lines[1] ?? quote;
  return {
    title: 'Canned extraction',
    date: null,
    summary: `Discussion starting with: ${quote.slice(0, 80)}`,
    participants: [],
    tasks: [
      {
        text: `Follow up on: ${quote.slice(0, 60)}`,
        owner: 'Myself',
        due: null,
        priority: 'medium',
        status: 'proposed',
        evidence: quote,
      },
    ],
    decisions: [],
    facts: [{ text: `Stated: ${second.slice(0, 80)}`, about: null, evidence: second, date: null }],
    topics: ['canned'],
    mentions: [],
    reply: null,
    meetings: [],
  };
}

function usageFor(
  reply: { usage?: { input: number; output: number } },
  req: RecordedRequest,
): { input: number; output: number } {
  // Roughly four characters a token, so reports get plausible, prompt-dependent numbers.
  return reply.usage ?? { input: Math.max(1, Math.ceil(req.prompt.length / 4)), output: 50 };
}

function hasTools(body: Record<string, unknown> | null): boolean {
  return Array.isArray(body?.tools) && (body.tools as unknown[]).length > 0;
}

function protocolBody(req: RecordedRequest, reply: Extract<FakeReply, { kind: 'json' | 'text' }>): unknown {
  const text = reply.kind === 'json' ? JSON.stringify(reply.value) : reply.text;
  const truncated = reply.kind === 'text' && reply.truncated === true;
  const u = usageFor(reply, req);
  const model = req.model ?? 'fake-model';
  switch (req.protocol) {
    case 'openai-chat':
      return {
        id: `chatcmpl-${req.index}`,
        object: 'chat.completion',
        created: 1_700_000_000,
        model,
        choices: [
          { index: 0, finish_reason: truncated ? 'length' : 'stop', message: { role: 'assistant', content: text } },
        ],
        usage: { prompt_tokens: u.input, completion_tokens: u.output, total_tokens: u.input + u.output },
      };
    case 'openai-responses':
      return {
        id: `resp_${req.index}`,
        object: 'response',
        created_at: 1_700_000_000,
        status: truncated ? 'incomplete' : 'completed',
        incomplete_details: truncated ? { reason: 'max_output_tokens' } : null,
        model,
        output: [
          {
            type: 'message',
            id: `msg_${req.index}`,
            status: truncated ? 'incomplete' : 'completed',
            role: 'assistant',
            content: [{ type: 'output_text', text, annotations: [] }],
          },
        ],
        usage: {
          input_tokens: u.input,
          output_tokens: u.output,
          total_tokens: u.input + u.output,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens_details: { reasoning_tokens: 0 },
        },
      };
    case 'anthropic-messages': {
      // Older Claude models get structured output through a forced tool; answer in kind.
      const content =
        reply.kind === 'json' && hasTools(req.body)
          ? [
              {
                type: 'tool_use',
                id: `toolu_${req.index}`,
                name: (req.body?.tools as { name: string }[] | undefined)?.[0]?.name ?? 'json',
                input: reply.value,
              },
            ]
          : [{ type: 'text', text }];
      return {
        id: `msg_${req.index}`,
        type: 'message',
        role: 'assistant',
        model,
        content,
        stop_reason: truncated ? 'max_tokens' : content[0]?.type === 'tool_use' ? 'tool_use' : 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: u.input, output_tokens: u.output },
      };
    }
    case 'ollama-chat':
      return {
        model,
        created_at: '2026-01-01T00:00:00Z',
        message: { role: 'assistant', content: text },
        done: true,
        done_reason: truncated ? 'length' : 'stop',
        prompt_eval_count: u.input,
        eval_count: u.output,
      };
    default:
      return { error: { message: `fake server: no model protocol at ${req.path}` } };
  }
}

export async function startFakeLlmServer(opts: FakeServerOptions = {}): Promise<FakeLlmServer> {
  let script: FakeScript = opts.script ?? ((req) => ({ kind: 'json', value: cannedExtraction(req.prompt) }));
  const models = opts.models ?? ['fake-model'];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();

  const server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    let body: Record<string, unknown> | null = null;
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
    } catch {
      body = null;
    }
    const path = req.url ?? '/';
    const protocol = protocolOf(req.method ?? 'GET', path);
    const deployment = /\/deployments\/([^/]+)\//.exec(path)?.[1] ?? null;
    const recorded: RecordedRequest = {
      index: requests.length,
      at: Date.now(),
      method: req.method ?? 'GET',
      path,
      protocol,
      headers: req.headers,
      rawBody: raw,
      body,
      model: typeof body?.model === 'string' ? body.model : deployment,
      prompt: promptOf(body),
    };
    requests.push(recorded);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    };
    if (protocol === 'ollama-tags') {
      send(200, { models: models.map((m) => ({ name: m, model: m, modified_at: '2026-01-01T00:00:00Z', size: 1 })) });
      return;
    }
    if (protocol === 'models') {
      send(200, {
        object: 'list',
        data: models.map((m) => ({ id: m, object: 'model', type: 'model', display_name: m })),
      });
      return;
    }
    if (protocol === 'unknown') {
      send(404, { error: { message: `no route ${path}` } });
      return;
    }
    let reply = await script(recorded);
    while (reply.kind === 'slow') {
      const { ms, reply: next } = reply;
      await new Promise((r) => setTimeout(r, ms));
      reply = next;
    }
    if (reply.kind === 'status') {
      send(
        reply.status,
        reply.body ?? { error: { message: `fake status ${reply.status}`, type: 'server_error' } },
        reply.headers,
      );
      return;
    }
    send(200, protocolBody(recorded, reply));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    modelCalls: () =>
      requests.filter((r) => r.protocol !== 'models' && r.protocol !== 'ollama-tags' && r.protocol !== 'unknown'),
    setScript(s) {
      script = s;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Replies taken in order, then the last one repeats: the usual way to script "fail twice, then succeed". */
export function sequence(...replies: FakeReply[]): FakeScript {
  let i = 0;
  return () => {
    const r = replies[Math.min(i, replies.length - 1)];
    i++;
    if (!r) throw new Error('sequence() needs at least one reply');
    return r;
  };
}
