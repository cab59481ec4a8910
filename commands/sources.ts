/** `/sources` — the documents quoted, with publisher, licence, URL and attribution. */
import { defineCommand } from '../src/command.js';
import { sourcesView } from '../src/answers/views/sources.js';

export const sources = defineCommand({
  name: 'sources',
  description: 'The documents my answers quote: publisher, licence and link',
  options: {},
  run: (ctx) => sourcesView(ctx.kb),
});
