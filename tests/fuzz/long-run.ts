/**
 * `npm run fuzz [-- --count N --seed S]`: the long seeded fuzz of the running bot (default 10,000
 * steps, a new seed each run unless given). The bot runs as its own process, bundled and started
 * as `npm start` runs it, against the fake Discord here; every invariant of tests/fuzz is checked
 * and the bot's peak RSS is compared with the 150 MB target. Exits 1 if anything fails.
 * Replay a failing run with the seed it printed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleMain, processMemory, startBotProcess, stopBotProcess } from '../../bench/bot-process.js';
import { formatReport, runFuzz } from './driver.js';
import { startWorld, TOKEN } from './world.js';

const RSS_TARGET_MB = 150;

const { values } = parseArgs({ options: { count: { type: 'string', default: '10000' }, seed: { type: 'string' } } });
const count = Number(values.count);
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 32);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
  console.error('usage: npm run fuzz -- [--count N] [--seed S]   (N ≥ 1, S an integer)');
  process.exit(2);
}

const discord = await startWorld();
const dir = mkdtempSync(join(tmpdir(), 'checkpoint-fuzz-'));
const dbPath = join(dir, 'checkpoint.db');
const logLines: string[] = [];
console.log(`fuzz: seed ${seed}, ${count} steps; bundling and starting the bot…`);
// var/ is the bot's local data and ignored by git; the bundle there finds node_modules and data/.
const bot = await startBotProcess(discord, {
  dir,
  entry: await bundleMain('var/fuzz'),
  token: TOKEN,
  databasePath: dbPath,
  onLogLine: (l) => logLines.push(l),
});
const pid = bot.child.pid!;
let exit: string | null = null;
bot.child.once(
  'exit',
  (code, signal) => (exit = `the bot exited (${signal ?? code}):\n${bot.stderrTail().slice(-1500)}`),
);
let memory = processMemory(pid);
const started = performance.now();

try {
  const report = await runFuzz(
    {
      discord,
      logLines,
      dbPath,
      crashed: () => exit,
      stop: async () => {
        // VmHWM is the peak over the process's life: read it before the process goes.
        memory = processMemory(pid) ?? memory;
        await stopBotProcess(bot.child);
      },
    },
    {
      seed,
      count,
      onProgress: (done) => {
        if (done % 1000 !== 0 && done !== count) return;
        const m = processMemory(pid);
        const rate = done / ((performance.now() - started) / 1000);
        console.log(
          `  ${done}/${count} steps (${rate.toFixed(0)}/s)${m ? `, bot RSS ${m.rssMb.toFixed(1)} MB, peak ${m.peakMb.toFixed(1)} MB` : ''}`,
        );
      },
    },
  );
  for (const line of formatReport(report)) console.log(line);
  const peakOk = memory ? memory.peakMb <= RSS_TARGET_MB : true;
  console.log(
    memory
      ? `${peakOk ? '✓' : '✗'} peak RSS of the bot ${memory.peakMb.toFixed(1)} MB (at the end ${memory.rssMb.toFixed(1)} MB), target ≤ ${RSS_TARGET_MB} MB`
      : '? peak RSS of the bot: not measurable on this platform (no /proc)',
  );
  if (report.errorLogs.length) console.log(`error log lines (first):\n${report.errorLogs.slice(0, 3).join('\n')}`);
  console.log(`replay: npm run fuzz -- --count ${count} --seed ${seed}`);
  process.exitCode = report.violations.length === 0 && peakOk ? 0 : 1;
} finally {
  await stopBotProcess(bot.child);
  await discord.close();
  rmSync(dir, { recursive: true, force: true });
}
