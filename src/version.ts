import { readFileSync } from 'node:fs';

/** The package version, read once from package.json (one folder above both src/ and dist/). */
export const PACKAGE_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** The Kinetica server version the emulator reports (five dot-separated parts, as the Java client requires). */
export const KINETICA_VERSION = '7.2.3.12.20260820000000';
