/**
 * A small reader of the Prometheus text format (0.0.4), enough for the tests to check what a scrape
 * says: samples as name, labels and value; comments (# HELP, # TYPE) kept by metric name.
 * prom-client writes this format but has no reader of its own.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Scrape {
  samples: Sample[];
  /** `# TYPE` of each metric family. */
  types: Map<string, string>;
}

export function parsePrometheusText(text: string): Scrape {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    if (line.startsWith("#")) {
      const type = /^# TYPE (\S+) (\S+)$/.exec(line);
      if (type) types.set(type[1]!, type[2]!);
      continue;
    }
    samples.push(parseSample(line));
  }
  return { samples, types };
}

function parseSample(line: string): Sample {
  const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
  if (!name) throw new Error(`not a sample line: ${line}`);
  let at = name.length;
  const labels: Record<string, string> = {};
  if (line[at] === "{") {
    at += 1;
    while (line[at] !== "}") {
      const label = /^([a-zA-Z_][a-zA-Z0-9_]*)="/.exec(line.slice(at));
      if (!label) throw new Error(`bad label at ${at} in: ${line}`);
      at += label[0].length;
      let value = "";
      while (line[at] !== '"') {
        if (at >= line.length) throw new Error(`unterminated label value in: ${line}`);
        if (line[at] === "\\") {
          const escaped = line[at + 1];
          value += escaped === "n" ? "\n" : escaped;
          at += 2;
        } else {
          value += line[at];
          at += 1;
        }
      }
      labels[label[1]!] = value;
      at += 1;
      if (line[at] === ",") at += 1;
    }
    at += 1;
  }
  const [valueText = ""] = line.slice(at).trim().split(/\s+/);
  const value = numberOf(valueText);
  if (value === undefined) throw new Error(`bad value in: ${line}`);
  return { name, labels, value };
}

/** Go's ParseFloat, which Prometheus reads with, takes NaN and Inf in any case (prom-client writes "Nan"). */
function numberOf(text: string): number | undefined {
  const special = text.toLowerCase();
  if (special === "nan") return NaN;
  if (special === "+inf" || special === "inf") return Infinity;
  if (special === "-inf") return -Infinity;
  const value = Number(text);
  return text !== "" && !Number.isNaN(value) ? value : undefined;
}

/** The value of the one sample named `name` whose labels are exactly `labels`; undefined when there is none. */
export function valueOf(scrape: Scrape, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).sort();
  const found = scrape.samples.filter((s) => {
    const have = Object.entries(s.labels).sort();
    return s.name === name && have.length === wanted.length && have.every(([k, v], i) => wanted[i]![0] === k && wanted[i]![1] === v);
  });
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

/** Every sample of `name`, as label sets with values (for checking that no other series exist). */
export function seriesOf(scrape: Scrape, name: string): Array<Record<string, string | number>> {
  return scrape.samples.filter((s) => s.name === name).map((s) => ({ ...s.labels, value: s.value }));
}
