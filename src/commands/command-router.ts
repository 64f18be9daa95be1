// Commands arrive on <root>/request/<name> as JSON (an empty message means `{}`), are checked
// against their schema, and are answered on <root>/response/<name> with the request's
// `transaction`, the convention zigbee2mqtt users know; the reply tree is not the request
// tree, so replies never loop back and any name can be a command. The older <root>/cmd/<name>
// (answered on cmd/result with the request's `id`) keeps working for this release, with a
// deprecation line in the log. Nothing a client sends can crash the sorter: a bad command gets
// an error reply and a log line.
import { z } from 'zod';
import type { Logger } from '../controller/logger.js';
import type { Publisher } from '../mqtt/publisher.js';

export const REQUEST_PREFIX = 'request';
export const RESPONSE_PREFIX = 'response';
/** Deprecated: the first command tree, answered on cmd/result. */
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

export interface CommandReply { id: string | null; transaction?: string | number | null; command: string; ok: boolean; result?: unknown; error?: string }

const ID = z.string().min(1).max(200);
const TRANSACTION = z.union([z.string().min(1).max(200), z.number().finite()]);

export class CommandRouter {
  constructor(
    private readonly publisher: Publisher,
    private readonly commands: Record<string, CommandDef>,
    private readonly logger: Logger,
  ) {}

  private readonly warned = new Set<string>();

  start(): void {
    this.publisher.subscribeTree(REQUEST_PREFIX, (name, payload) => {
      void this.handle(name, payload).then((reply) => this.respond(name, reply));
    });
    this.publisher.subscribeTree(COMMAND_PREFIX, (name, payload) => {
      if (name === 'result') return; // our own replies
      if (!this.warned.has(name)) {
        this.warned.add(name);
        this.logger.warn(`command topic cmd/${name} is deprecated: send to request/${name} (the reply comes on response/${name} with your "transaction"); cmd/ keeps working for this release`);
      }
      void this.handle(name, payload).then((reply) => this.reply(reply));
    });
  }

  /** Runs one request and describes the outcome; never throws. */
  async handle(name: string, payload: Buffer): Promise<CommandReply> {
    let id: string | null = null;
    let transaction: string | number | null = null;
    const fail = (error: string): CommandReply => {
      this.logger.warn(`command ${name}: ${error}`);
      return { id, transaction, command: name, ok: false, error };
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
    const rawTransaction = (body as Record<string, unknown>).transaction;
    if (rawTransaction !== undefined) {
      const parsed = TRANSACTION.safeParse(rawTransaction);
      if (!parsed.success) return fail('transaction must be a string of 1–200 characters or a number');
      transaction = parsed.data;
    }
    const command = Object.hasOwn(this.commands, name) ? this.commands[name] : undefined;
    if (!command) return fail(`unknown command; known: ${Object.keys(this.commands).sort().join(', ')}`);
    const { id: _id, transaction: _transaction, ...rest } = body as Record<string, unknown>;
    const args = command.args.safeParse(rest);
    if (!args.success) {
      return fail(args.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; '));
    }
    try {
      const result = await command.run(args.data);
      return { id, transaction, command: name, ok: true, result: result ?? null };
    } catch (err) {
      return fail((err as Error).message.split('\n')[0]);
    }
  }

  /** zigbee2mqtt's shape: {"status": "ok", "data": …, "transaction": …} or {"status": "error", "error": …}. */
  private respond(name: string, reply: CommandReply): void {
    const body = reply.ok
      ? { status: 'ok', data: reply.result ?? null, ...(reply.transaction !== null ? { transaction: reply.transaction } : {}) }
      : { status: 'error', data: {}, error: reply.error, ...(reply.transaction !== null ? { transaction: reply.transaction } : {}) };
    this.publisher.publishRaw(this.publisher.topic(`${RESPONSE_PREFIX}/${name}`), JSON.stringify(body), 1, false).catch(() => {});
  }

  private reply(reply: CommandReply): void {
    const { transaction: _transaction, ...old } = reply;
    this.publisher.publishRaw(this.publisher.topic(RESULT_TOPIC), JSON.stringify(old), 1, false).catch(() => {});
  }
}
