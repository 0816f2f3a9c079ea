/** Writes docs/errors.md from the error factories (see src/errors/catalogue.ts). */
import { writeFileSync } from 'node:fs';
import { renderErrorsMarkdown } from '../src/errors/catalogue.js';

const target = new URL('../docs/errors.md', import.meta.url);
writeFileSync(target, await renderErrorsMarkdown());
console.log(`wrote ${target.pathname}`);
