/**
 * `npm run build:lexicon`: writes data/english/not-nouns.txt, the English words whose most
 * frequent part of speech is not a noun (verbs, adjectives, adverbs, function words), from the
 * Brill tagger's lexicon (the `brill` package, MIT). Query analysis reads it to tell a question's
 * filler ("instead", "fast", "denying") from the thing it asks about ("pension", "gun"): only a
 * thing the documents never mention is a reason to decline. Regenerate only when upgrading brill.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brill } from 'brill';

const NOUN_OR_OTHER = /^(NN|FW|SYM|LS|CD)/;
const words = Object.entries(brill)
  .filter(([word, tags]) => /^[a-z]+$/.test(word) && tags[0] !== undefined && !NOUN_OR_OTHER.test(tags[0]))
  .map(([word]) => word)
  .sort();
const out = fileURLToPath(new URL('../data/english/not-nouns.txt', import.meta.url));
writeFileSync(out, `${words.join('\n')}\n`);
process.stdout.write(`${out}: ${words.length} words\n`);
