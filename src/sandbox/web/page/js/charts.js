// Cards' charts, drawn by VChart (its UMD build, loaded before the page's modules as the global
// `VChart`) and released when their card is replaced, so a patched card leaks no canvas.

// Close to the colours Feishu's client draws charts in (light theme).
const FEISHU_THEME = {
  type: "light",
  fontFamily: "system-ui, -apple-system, 'PingFang SC', 'Microsoft YaHei', sans-serif",
  colorScheme: {
    default: {
      dataScheme: [
        "#3370ff", "#34c724", "#ff8800", "#f54a45", "#7f3bf5",
        "#14c0ff", "#ffc60a", "#dc55bd", "#2bc6c6", "#8f959e",
      ],
    },
  },
};

/** VChart instance of each drawn chart element. */
const charts = new WeakMap();

// The UMD global is either the module object (VChart.VChart is the class) or, in some builds, its default.
function vchartModule() {
  const g = globalThis.VChart;
  if (!g) return null;
  return g.VChart ? g : g.default ?? g;
}

function vchartClass() {
  const m = vchartModule();
  if (!m) return null;
  if (typeof m.VChart === "function") return m.VChart;
  return typeof m === "function" ? m : null;
}

let themeSet = false;
function useFeishuTheme() {
  if (themeSet) return;
  const manager = vchartModule()?.ThemeManager;
  if (!manager) return;
  manager.registerTheme("feishu", FEISHU_THEME);
  manager.setCurrentTheme("feishu");
  themeSet = true;
}

/** Draws the charts under `root` not drawn yet; those in a hidden chat wait, having no size there. */
export function drawCharts(root) {
  for (const chart of root.querySelectorAll(".fc-chart[data-fc-chart]")) {
    if (chart.dataset.state || chart.closest("section.chat")?.hidden) continue;
    void drawChart(chart);
  }
}

async function drawChart(target) {
  target.dataset.state = "drawing";
  try {
    const Chart = vchartClass();
    if (!Chart) throw new Error("VChart did not load");
    useFeishuTheme();
    const spec = JSON.parse(target.dataset.fcChart ?? "");
    // VChart's HTML tooltip puts some spec strings into a style attribute unescaped; on the canvas
    // they stay pixels, whatever the spec says.
    if (spec && typeof spec === "object") spec.tooltip = { ...(typeof spec.tooltip === "object" ? spec.tooltip : {}), renderMode: "canvas" };
    const chart = new Chart(spec, { dom: target, animation: false });
    charts.set(target, chart);
    await chart.renderAsync();
    if (target.isConnected) target.dataset.state = "drawn";
  } catch (error) {
    releaseChart(target);
    // Said on the card, where the tests and a person looking for the chart will see it.
    target.dataset.state = "failed";
    target.textContent = `The chart could not be drawn: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function releaseChart(target) {
  const chart = charts.get(target);
  if (!chart) return;
  charts.delete(target);
  try {
    chart.release();
  } catch (error) {
    console.warn("console: releasing a chart failed", error);
  }
}

export function releaseCharts(root) {
  for (const chart of root.querySelectorAll(".fc-chart")) releaseChart(chart);
}
