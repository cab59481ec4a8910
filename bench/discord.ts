/**
 * Interaction latency through the real discord.js client and the fake Discord on 127.0.0.1:
 * INTERACTION_CREATE sent over the gateway → interaction callback received over REST.
 *
 * The bot runs as its own process, as `npm start` runs it after `npm install` (bench/bot-process.ts;
 * the bundled entry point is built into node_modules/.cache so dist/ is left alone), and the fake
 * Discord runs here: the two share neither an event loop nor a heap, so the latency is the bot's
 * and so is the memory figure (read from /proc, not from this process).
 * Profile the bot with e.g. `BENCH_BOT_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeDiscord } from '../tests/support/fake-discord.js';
import * as payloads from '../tests/support/payloads.js';
import { bundleMain, processCpuMs, processMemory, startBotProcess, stopBotProcess } from './bot-process.js';

const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GxYzAb.abcdefghijklmnopqrstuvwxyz0123';
const GUILD_ID = '1200000000000000001';
const TARGETS = { ask: 10, autocomplete: 5, rssMb: 150 } as const;

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
/** The target and whether the value meets it: "≤ 10 ✓" or "≤ 10 ✗". */
const verdict = (value: number, target: number) => `≤ ${target} ${value <= target ? '✓' : '✗'}`;

export async function benchDiscord(rounds = 500): Promise<string[]> {
  const discord = await startFakeDiscord({
    token: TOKEN,
    guilds: [{ id: GUILD_ID, name: 'Bench', channels: [{ id: '1200000000000000002', name: 'general' }] }],
  });
  const dir = mkdtempSync(join(tmpdir(), 'checkpoint-bench-'));
  const { child } = await startBotProcess(discord, {
    dir,
    entry: await bundleMain('node_modules/.cache/checkpoint-bench'),
    token: TOKEN,
    databasePath: join(dir, 'bench.db'),
  });
  const questions = [
    'how much does a border patrol agent make',
    'what training do new officers get',
    'do i need a degree',
    'whats expected at the proficient level',
    'what are the challenges of the job',
  ];
  const user = payloads.user({ username: 'bench' });
  const run = async (make: (i: number) => object) => {
    // Warm-up: the first answers build caches (suggested questions, regexes, JIT).
    for (let i = 0; i < 50; i++) await discord.interact(make(i));
    const times: number[] = [];
    const cpu0 = processCpuMs(child.pid!);
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      await discord.interact(make(i));
      times.push(performance.now() - t);
    }
    const cpu1 = processCpuMs(child.pid!);
    return {
      p50: percentile(times, 50),
      p99: percentile(times, 99),
      cpu: cpu0 !== null && cpu1 !== null ? (cpu1 - cpu0) / rounds : null,
    };
  };
  const line = (label: string, r: { p50: number; p99: number; cpu: number | null }, target?: number) =>
    `${label.padEnd(14)} p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  (${rounds} interactions)${target ? `  target p99 ${verdict(r.p99, target)}` : ''}${r.cpu !== null ? `  bot CPU ${r.cpu.toFixed(2)} ms each` : ''}`;
  try {
    const lines = [
      '',
      '## Discord interactions (the bot as its own process ↔ fake Discord on 127.0.0.1)',
      `load average before: ${loadavg()[0]!.toFixed(2)} on ${cpus().length} CPUs (wall-clock percentiles need an idle machine)`,
    ];
    lines.push(
      line(
        '/ask',
        await run((i) =>
          payloads.slashCommand({
            name: 'ask',
            guild: discord.guild(),
            user,
            options: { question: questions[i % questions.length]! },
          }),
        ),
        TARGETS.ask,
      ),
    );
    lines.push(
      line('/salary', await run(() => payloads.slashCommand({ name: 'salary', guild: discord.guild(), user }))),
    );
    lines.push(
      line(
        'autocomplete',
        await run((i) =>
          payloads.autocomplete({
            name: 'ask',
            guild: discord.guild(),
            user,
            focused: 'question',
            value: 'salary border'.slice(0, 1 + (i % 13)),
          }),
        ),
        TARGETS.autocomplete,
      ),
    );
    const mem = processMemory(child.pid!);
    lines.push(
      mem
        ? `bot process rss ${mem.rssMb.toFixed(1)} MB (peak ${mem.peakMb.toFixed(1)} MB)  target ${verdict(mem.rssMb, TARGETS.rssMb)}  (bundled, as npm start runs it after npm install)`
        : 'bot process rss: not measurable on this platform (no /proc)',
    );
    return lines;
  } finally {
    await stopBotProcess(child);
    await discord.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
