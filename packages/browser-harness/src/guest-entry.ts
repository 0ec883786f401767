import { fileURLToPath } from 'node:url';

/**
 * What the harness bundles for a guest (page or runtime): the guest module first, so its channel
 * is open and its error capture on before the entry's own imports run, then the entry.
 */
export function guestEntrySource(entry: string): string {
  const guest = fileURLToPath(new URL('./guest/index.js', import.meta.url));
  return `import ${JSON.stringify(guest)};\nimport ${JSON.stringify(entry)};\n`;
}
