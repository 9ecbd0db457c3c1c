import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import * as z from '../zod.js';

/** Bumped when the shape changes incompatibly; a file from a newer version is refused, not rewritten. */
export const STATE_VERSION = 1;

const platform = z.enum(['discord', 'slack', 'shell']);

const subscriptionSchema = z.object({
  id: z.string().check(z.minLength(1)),
  platform,
  channelId: z.string().check(z.minLength(1)),
  guildId: z.optional(z.string()),
  /** As typed, e.g. "weekdays 08:30". */
  when: z.string(),
  /** The 5-field cron expression `when` compiles to. */
  cron: z.string(),
  timezone: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  lastDelivery: z.optional(
    z.looseObject({
      key: z.string(),
      /** Scheduled fire time (ISO, UTC). */
      fireTime: z.string(),
      /** When the digest was composed and accepted (ISO): the next digest covers what arrived after it. */
      at: z.string(),
      /** null when DIGEST_EMPTY=skip left nothing to post. */
      messageId: z.nullable(z.string()),
    }),
  ),
  /** Set when the platform refused or kept failing; cleared by the next accepted delivery. */
  failing: z.optional(z.object({ reason: z.string(), at: z.string() })),
});

const deliverySchema = z.object({
  key: z.string(),
  subscriptionId: z.string(),
  fireTime: z.string(),
  at: z.string(),
  messageId: z.nullable(z.string()),
  stories: z.number().check(z.int(), z.minimum(0)),
});

const stateSchema = z.object({
  version: z.number().check(z.int(), z.minimum(1)),
  /** Next subscription number: ids are `s1`, `s2`, … and never reused, so old delivery keys stay unambiguous. */
  nextId: z.number().check(z.int(), z.minimum(1)),
  subscriptions: z.array(subscriptionSchema),
  deliveries: z.array(deliverySchema),
  /** `platform:channelId` → storyId → article ids that channel has received. */
  delivered: z.record(z.string(), z.record(z.string(), z.array(z.string()))),
});

export type Subscription = z.infer<typeof subscriptionSchema>;
export type DeliveryRecord = z.infer<typeof deliverySchema>;
export type StateData = z.infer<typeof stateSchema>;
export type StateDb = Low<StateData>;

export const emptyState = (): StateData => ({
  version: STATE_VERSION,
  nextId: 1,
  subscriptions: [],
  deliveries: [],
  delivered: {},
});

/** The state file cannot be used; the bot must not start (and must not overwrite it). */
export class StateFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`State file ${file} ${problem}. Fix or move it away; it was left untouched.`);
    this.name = 'StateFileError';
  }
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

function describeReadError(err: unknown): string {
  if (err instanceof SyntaxError) return `is not valid JSON (${err.message})`;
  const code = (err as NodeJS.ErrnoException).code;
  return `cannot be read (${code ?? (err as Error).message})`;
}

/**
 * Opens the lowdb state at `file`: a missing file is a fresh state (written on first change,
 * folder created); an unreadable, non-JSON, wrongly shaped or newer-version file throws a
 * StateFileError naming the file and the problem. Writes go through steno: a temp file renamed
 * over the old one, so a crash mid-write leaves the previous state intact.
 */
export async function openState(file: string): Promise<StateDb> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const adapter = new JSONFile<StateData>(file);
  const db = new Low<StateData>(adapter, emptyState());
  let raw: unknown;
  try {
    raw = await adapter.read();
  } catch (err) {
    throw new StateFileError(file, describeReadError(err));
  }
  // JSONFile reads a missing file as null, but so is a file holding `null`: tell them apart.
  if (raw === null && !(await exists(file))) return db;
  const parsed = stateSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new StateFileError(file, `is not a state file of this bot (${issue.message}${where})`);
  }
  if (parsed.data.version > STATE_VERSION) {
    throw new StateFileError(file, `was written by a newer version (schema ${parsed.data.version}, this one reads ${STATE_VERSION})`);
  }
  db.data = parsed.data;
  return db;
}
