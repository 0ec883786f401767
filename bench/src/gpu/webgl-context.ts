/**
 * A WebGL2 context for the bench's own GPU code (the round trip, the kernel measures): on an
 * OffscreenCanvas where it has WebGL2, else on a canvas element (WebKitGTK 2.50 has
 * OffscreenCanvas but no WebGL2 on it); null where neither has WebGL2.
 */
export function webgl2Context(): WebGL2RenderingContext | null {
  const g = globalThis as { OffscreenCanvas?: typeof OffscreenCanvas; document?: Document };
  const offscreen = g.OffscreenCanvas ? (new g.OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null) : null;
  return offscreen ?? (g.document?.createElement('canvas').getContext('webgl2') as WebGL2RenderingContext | null | undefined) ?? null;
}
