/** Runs one transport benchmark (bench/<name>.ts, exporting bench<Name>()) and prints its lines. */
const name = process.argv[2] ?? '';
const mod = (await import(`./${name}.js`)) as Record<string, () => Promise<string[]>>;
const fn = mod[`bench${name[0]!.toUpperCase()}${name.slice(1)}`];
if (!fn) throw new Error(`bench/${name}.ts exports no bench${name}()`);
for (const line of await fn()) console.log(line);
