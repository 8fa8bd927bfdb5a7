/** One measured figure, printed as a table row and kept in the JSON summary. */
export interface Figure {
  /** The benchmark it belongs to, e.g. "1 ingest". */
  section: string;
  name: string;
  value: number;
  unit: string;
  /** What the figure is measured against, in the same run. */
  reference?: { name: string; value: number; unit: string };
  /** value ÷ reference, where that reads naturally. */
  ratio?: number;
  /** The target in words, e.g. "≥ 1.00×". */
  target?: string;
  /** Whether the target is met; absent when there is no target. */
  met?: boolean;
  /** More about the figure, for the JSON summary only. */
  detail?: Record<string, unknown>;
}

/** Collects the figures of one benchmark under its section name. */
export class Figures {
  readonly all: Figure[] = [];

  constructor(private readonly section: string) {}

  add(figure: Omit<Figure, "section">): void {
    this.all.push({ section: this.section, ...figure });
  }
}
