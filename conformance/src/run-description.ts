/**
 * What actually ran, in a few words, from a backend's info: the execution provider or tfjs
 * backend where there is one, the thread count for wasm, else the runtime and the GPU it ran on.
 */
export function describeRun(info: Readonly<Record<string, string | number | boolean>>): string {
  if (info.executionProvider !== undefined) return `${info.executionProvider}${info.adapter !== undefined ? ` (${info.adapter})` : ''}`;
  if (info.tfjsBackend !== undefined) return `tfjs ${info.tfjsBackend}`;
  if (info.threads !== undefined) return `${info.runtime ?? ''}, ${info.threads} thread${info.threads === 1 ? '' : 's'}`.replace(/^, /, '');
  const device = info.adapter ?? info.renderer;
  return `${info.runtime ?? '?'}${device !== undefined ? ` (${device})` : ''}`;
}
