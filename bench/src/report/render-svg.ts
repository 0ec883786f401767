import * as vega from 'vega';
import { type TopLevelSpec, compile } from 'vega-lite';

/** Renders a Vega-Lite spec to a standalone SVG string, headless (no browser, no network). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
