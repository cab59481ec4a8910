/** The logger: JSON lines, secrets redacted by path, and any token-shaped text blanked wherever it appears. */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';

const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GxYzAb.abcdefghijklmnopqrstuvwxyz0123';

const capture = () => {
  const lines: string[] = [];
  return { lines, logger: createLogger('info', { write: (s: string) => void lines.push(s) }) };
};

describe('logger', () => {
  it('never writes a token: not by path, not inside a message, an error or its stack', () => {
    const { lines, logger } = capture();
    logger.info(
      { token: TOKEN, config: { DISCORD_TOKEN: TOKEN }, headers: { authorization: `Bot ${TOKEN}` } },
      'paths',
    );
    logger.error({ err: new Error(`login failed for ${TOKEN}`) }, `could not use ${TOKEN}`);
    logger.warn({ url: `https://discord.com/api?x=${TOKEN}` }, 'nested');
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line).not.toContain(TOKEN);
      expect(line).not.toContain('GxYzAb');
      expect(() => JSON.parse(line)).not.toThrow();
    }
    expect(lines[1]).toContain('[redacted]');
  });

  it('leaves ordinary text alone', () => {
    const { lines, logger } = capture();
    logger.info(
      { command: 'ask', guildId: '1200000000000000001', file: 'src/discord/router.ts', version: '14.28.1' },
      'interaction',
    );
    expect(JSON.parse(lines[0]!)).toMatchObject({
      command: 'ask',
      guildId: '1200000000000000001',
      file: 'src/discord/router.ts',
      version: '14.28.1',
      msg: 'interaction',
    });
  });
});
