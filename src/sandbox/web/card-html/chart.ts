/** `chart` (card-v2-chart.md): the VChart spec as JSON for the page to draw, sized like Feishu's. */
import type { RenderContext } from "./context.js";
import { attr } from "./html.js";
import { oneOf, type Node } from "./node.js";

const ASPECT_RATIOS = ["1:1", "2:1", "4:3", "16:9"] as const;

export function chartHtml(element: Node, ctx: RenderContext): string {
  const spec = JSON.stringify(element.chart_spec ?? null);
  ctx.spend(spec.length);
  const height = typeof element.height === "string" ? /^(\d{1,3})px$/.exec(element.height) : null;
  // A fixed height overrides the ratio; both are numbers from the lists above, never the card's text.
  let style: string;
  if (height !== null && Number(height[1]) >= 1) {
    style = `height: ${Number(height[1])}px`;
  } else {
    const [width, tall] = (oneOf(element.aspect_ratio, ASPECT_RATIOS) ?? "16:9").split(":");
    style = `aspect-ratio: ${width} / ${tall}`;
  }
  return `<div class="fc-chart"${attr("data-fc-chart", spec)} style="${style}"></div>`;
}
