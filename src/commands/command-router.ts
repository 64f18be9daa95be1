// Commands arrive on <root>/cmd/<name> as JSON (an empty message means `{}`), are checked
// against their schema, and are answered on <root>/cmd/result with the request's `id`, so a
// dashboard can match replies to requests. Nothing a client sends can crash the sorter: a bad
// command gets an error reply and a log line.
import { z } from 'zod';
import type { Logger } from '../controller/logger.js';
import type { Publisher } from '../mqtt/publisher.js';

export const COMMAND_PREFIX = 'cmd';
export const RESULT_TOPIC = 'cmd/result';
/** Requests bigger than this are refused unread: no command needs more. */
export const MAX_COMMAND_BYTES = 16 * 1024;

export interface CommandDef<S extends z.ZodObject = z.ZodObject> {
  summary: string;
  /** The arguments besides `id`; objects are strict, so a misspelt field is an error, not ignored. */
  args: S;
  run(args: z.infer<S>): Promise<unknown> | unknown;
}

/** Checks a command's run() against its own schema, then stores it alongside the others. */
export const defineCommand = <S extends z.ZodObject>(def: CommandDef<S>): CommandDef => def as unknown as CommandDef;

export interface CommandReply { id: string | null; command: string; ok: boolean; result?: unknown; error?: string }

const ID = z.string().min(1).max(200);

export class CommandRouter {
  constructor(
    private readonly publisher: Publisher,
    private readonly commands: Record<string, CommandDef>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.publisher.subscribeTree(COMMAND_PREFIX, (name, payload) => {
      if (name === 'result') return; // our own replies
      void this.handle(name, payload).then((reply) => this.reply(reply));
    });
  }

  /** Runs one request and describes the outcome; never throws. */
  async handle(name: string, payload: Buffer): Promise<CommandReply> {
    let id: string | null = null;
    const fail = (error: string): CommandReply => {
      this.logger.warn(`command ${name}: ${error}`);
      return { id, command: name, ok: false, error };
    };
    if (payload.length > MAX_COMMAND_BYTES) return fail(`request is ${payload.length} bytes; the limit is ${MAX_COMMAND_BYTES}`);
    let body: unknown = {};
    const text = payload.toString('utf8').trim();
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        return fail('request is not JSON; send an object such as {"id":"1"}, or an empty message');
      }
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail('request must be a JSON object');
    const rawId = (body as Record<string, unknown>).id;
    if (rawId !== undefined) {
      const parsed = ID.safeParse(rawId);
      if (!parsed.success) return fail('id must be a string of 1–200 characters');
      id = parsed.data;
    }
    const command = Object.hasOwn(this.commands, name) ? this.commands[name] : undefined;
    if (!command) return fail(`unknown command; known: ${Object.keys(this.commands).sort().join(', ')}`);
    const { id: _ignored, ...rest } = body as Record<string, unknown>;
    const args = command.args.safeParse(rest);
    if (!args.success) {
      return fail(args.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; '));
    }
    try {
      const result = await command.run(args.data);
      return { id, command: name, ok: true, result: result ?? null };
    } catch (err) {
      return fail((err as Error).message.split('\n')[0]);
    }
  }

  private reply(reply: CommandReply): void {
    this.publisher.publishRaw(this.publisher.topic(RESULT_TOPIC), JSON.stringify(reply), 1, false).catch(() => {});
  }
}
