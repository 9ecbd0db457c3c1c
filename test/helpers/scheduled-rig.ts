import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import type { ChatAdapter } from '../../src/core/adapter.js';
import type { Platform, ScheduleService } from '../../src/core/command.js';
import type { Corpus } from '../../src/corpus/types.js';
import { createMemoryLogger, type Logger } from '../../src/log.js';
import { createScheduleService, type Scheduler } from '../../src/schedule/service.js';
import { openState } from '../../src/store/state.js';
import { seedCorpus } from './corpus.js';

// Captured when this module loads, before a test fakes the timers: real pauses let real sockets and files make progress.
const realSetTimeout = globalThis.setTimeout;
export const realPause = (ms = 5) => new Promise<void>((resolve) => realSetTimeout(resolve, ms));

/** Only timers and Date are faked: sockets, files and setImmediate stay real. */
export function useFakeClock(iso: string): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(new Date(iso));
}

/**
 * The platform-neutral half of the bot as src/main.ts wires it: config from environment variables,
 * state in a lowdb file in a temp folder, the schedule service over an adapter map the test fills.
 */
export interface SchedulerRig {
  config: Config;
  log: Logger;
  /** The snapshot the bot and the scheduler read; swap `current` as the corpus watcher does. */
  corpus: { current: Corpus };
  adapters: Map<Platform, ChatAdapter>;
  /** Waits the scheduler slept (retry backoff and Retry-After), in ms. */
  waits: number[];
  /** For the bot: forwards to the scheduler of the moment, so a restart swaps it underneath. */
  service: ScheduleService;
  scheduler(): Scheduler;
  /** Stops the scheduler and drops its state, opens the state file again and starts a new one; waits for its catch-up. */
  restart(): Promise<Scheduler>;
}

export async function createSchedulerRig(env: Record<string, string>, corpus?: Corpus): Promise<SchedulerRig> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'rareearth-sched-rig-'));
  const config = loadConfig({ STATE_FILE: path.join(tmp, 'state.json'), CACHE_DIR: path.join(tmp, 'cache'), ...env });
  const { log } = createMemoryLogger('silent');
  const box = { current: corpus ?? (await seedCorpus()) };
  const adapters = new Map<Platform, ChatAdapter>();
  const waits: number[] = [];
  const open = async () =>
    createScheduleService({
      state: await openState(config.stateFile),
      adapters,
      corpus: () => box.current,
      config,
      log,
      // Sleeping moves fake time on, as a real wait would (discord.js reads Date for its rate limits).
      sleep: async (ms) => {
        waits.push(ms);
        await vi.advanceTimersByTimeAsync(ms);
      },
    });
  let scheduler = await open();
  return {
    config,
    log,
    corpus: box,
    adapters,
    waits,
    service: {
      subscribe: (...a) => scheduler.subscribe(...a),
      unsubscribe: (...a) => scheduler.unsubscribe(...a),
      list: (...a) => scheduler.list(...a),
    },
    scheduler: () => scheduler,
    async restart() {
      await scheduler.stop();
      scheduler = await open();
      await scheduler.start();
      await scheduler.idle();
      return scheduler;
    },
  };
}

/**
 * Moves fake time to `iso` (node-cron fires on the way), then waits for the deliveries it started.
 * Land on a fire time, not past it: a jump far beyond a fire would also fire the timeouts of the
 * requests that delivery still has in flight on real sockets.
 */
export async function advanceTo(rig: SchedulerRig, iso: string): Promise<void> {
  await vi.advanceTimersByTimeAsync(Date.parse(iso) - Date.now());
  await rig.scheduler().idle();
}

/**
 * For waits inside a library or a poll loop (discord.js or the Slack poster sleeping out a short
 * Retry-After, the corpus watcher's timer): moves fake time on in steps, with real pauses between
 * for sockets and files, until `done` holds. Small steps: a request in flight meanwhile sees 100 ms
 * of fake time per 5 ms of real time, so its 10 s timeout needs half a real second to fire.
 */
export async function pumpUntil(done: () => boolean, stepMs = 100, maxSteps = 600): Promise<void> {
  for (let i = 0; !done(); i++) {
    if (i >= maxSteps) throw new Error('pumpUntil: the condition never held');
    await realPause();
    await vi.advanceTimersByTimeAsync(stepMs);
  }
}
