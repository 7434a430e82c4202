/** One sample line of the Prometheus text format. */
export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface PrometheusExposition {
  samples: PrometheusSample[];
  /** `# TYPE` of each family. */
  types: Map<string, string>;
  /** The value of the one sample with exactly these labels (all of them, no more); undefined when there is none. */
  value(name: string, labels?: Record<string, string>): number | undefined;
  /** Every sample of `name` whose labels include these. */
  find(name: string, labels?: Record<string, string>): PrometheusSample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;

/**
 * A strict parser of the text exposition format (0.0.4), for tests: every line must be a comment, a
 * blank or a well-formed sample, and a sample's name and label set must not repeat; anything else throws.
 */
export function parsePrometheusText(text: string): PrometheusExposition {
  const samples: PrometheusSample[] = [];
  const types = new Map<string, string>();
  const seen = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      const type = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
      if (type !== null) types.set(type[1]!, type[2]!);
      else if (!line.startsWith('# HELP ')) throw new Error(`not a HELP or TYPE comment: ${line}`);
      continue;
    }
    const match = SAMPLE.exec(line);
    if (match === null) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    const body = match[2] ?? '';
    LABEL.lastIndex = 0;
    while (LABEL.lastIndex < body.length) {
      const label = LABEL.exec(body);
      if (label === null) throw new Error(`bad labels in: ${line}`);
      if (label[1]! in labels) throw new Error(`label ${label[1]} twice in: ${line}`);
      labels[label[1]!] = label[2]!.replace(/\\(.)/g, (_, character: string) => (character === 'n' ? '\n' : character));
    }
    const raw = match[3]!;
    // prom-client writes NaN as "Nan" (Prometheus reads floats case-insensitively).
    const value = raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : /^nan$/i.test(raw) ? NaN : Number(raw);
    if (Number.isNaN(value) && !/^nan$/i.test(raw)) throw new Error(`bad value in: ${line}`);
    const identity = `${match[1]}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(identity)) throw new Error(`sample repeated: ${line}`);
    seen.add(identity);
    samples.push({ name: match[1]!, labels, value });
  }
  const includes = (sample: PrometheusSample, labels: Record<string, string>): boolean => Object.entries(labels).every(([name, value]) => sample.labels[name] === value);
  return {
    samples,
    types,
    find: (name, labels = {}) => samples.filter((sample) => sample.name === name && includes(sample, labels)),
    value(name, labels = {}) {
      const exact = samples.filter((sample) => sample.name === name && includes(sample, labels) && Object.keys(sample.labels).length === Object.keys(labels).length);
      if (exact.length > 1) throw new Error(`${exact.length} samples of ${name} match ${JSON.stringify(labels)}`);
      return exact[0]?.value;
    },
  };
}
