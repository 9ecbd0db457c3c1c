import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commands } from '../../commands/index.js';

/** What a person sees of one reply on any platform, flattened to text. */
export interface SeenReply {
  /** All visible text: title, body, fields, footer. */
  text: string;
  ephemeral: boolean;
}

/** Drives one adapter end to end: a command line in, what the platform received out. */
export interface AdapterDriver {
  send(line: string): Promise<SeenReply>;
  close(): Promise<void>;
}

/**
 * One behaviour suite, run against every adapter: the same command in must give an equivalent
 * reply out, whatever the platform's rendering.
 */
export function adapterBehaviourSuite(name: string, start: () => Promise<AdapterDriver>): void {
  describe(`${name} adapter: shared behaviour`, () => {
    let driver: AdapterDriver;
    beforeAll(async () => {
      driver = await start();
    });
    afterAll(async () => {
      await driver?.close();
    });

    test('help lists every subcommand', async () => {
      const seen = await driver.send('help');
      for (const c of commands) expect(seen.text).toContain(c.name);
      expect(seen.ephemeral).toBe(true);
    });

    test('sources names every seed article id', async () => {
      const seen = await driver.send('sources');
      for (const id of ['000_026d20214635f40e', '001_b3a3a6ea12454b8c', '004_52f2a795d7ea89a4']) {
        expect(seen.text).toContain(id.slice(0, 12));
      }
    });

    test('an unknown article id gets a private, helpful message', async () => {
      const seen = await driver.send('article nosuch_article');
      expect(seen.text).toMatch(/no article "nosuch_article"/i);
      expect(seen.text).toContain('sources');
      expect(seen.ephemeral).toBe(true);
    });

    test('an unknown subcommand points to help', async () => {
      const seen = await driver.send('frobnicate');
      expect(seen.text).toMatch(/no subcommand "frobnicate"/i);
      expect(seen.text).toContain('help');
      expect(seen.ephemeral).toBe(true);
    });

    test('an article prefix opens the article with its metadata', async () => {
      const seen = await driver.send('article 004');
      expect(seen.text).toContain('004_52f2a795d7ea89a4');
      expect(seen.text).toMatch(/Akasaka Palace/);
    });
  });
}
