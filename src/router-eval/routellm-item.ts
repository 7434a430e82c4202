/** The three benchmarks of RouteLLM's public evaluation data. */
export type RoutellmBenchmark = 'mmlu' | 'gsm8k' | 'mt_bench';

export const routellmBenchmarks: readonly RoutellmBenchmark[] = ['mmlu', 'gsm8k', 'mt_bench'];

/**
 * One evaluation prompt with the outcome of each model of the pair.
 * MMLU and GSM8K: 1 when the model answered correctly, else 0. MT-Bench: the GPT-4 judge's score
 * (1–10) averaged over the question's turns.
 */
export interface RoutellmItem {
  /** First 16 hex characters of the SHA-256 of `prompt` (UTF-8). Not unique: MMLU repeats some prompts. */
  readonly id: string;
  /** The text a router sees; for a multi-turn MT-Bench question, its first turn. */
  readonly prompt: string;
  /** Outcome of GPT-4-1106-preview. */
  readonly strong: number;
  /** Outcome of Mixtral-8x7B-Instruct-v0.1. */
  readonly weak: number;
  /** MMLU subject (file name without `mmlu_`); MT-Bench category. */
  readonly subject?: string;
}

export type RoutellmData = Readonly<Record<RoutellmBenchmark, readonly RoutellmItem[]>>;
