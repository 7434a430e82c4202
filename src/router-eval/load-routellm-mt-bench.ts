import { join } from 'node:path';
import { z } from 'zod';
import { promptId } from './prompt-id.js';
import { readContaminatedPrompts } from './read-contaminated-prompts.js';
import { readJsonLines } from './read-json-lines.js';
import type { RoutellmItem } from './routellm-item.js';
import { routellmModels } from './routellm-models.js';

const questionSchema = z.object({
  question_id: z.number(),
  category: z.string(),
  turns: z.array(z.string()).min(1),
});

// `judge` names the judge prompt (single-v1, single-v1-multi-turn, single-math-v1…); RouteLLM ignores it.
const judgementSchema = z.object({
  question_id: z.number(),
  model: z.string(),
  turn: z.number(),
  score: z.number(),
});

/**
 * MT-Bench, one item per question, following benchmarks.py's `MTBench`:
 * - a question is dropped when any of its turns is a contaminated prompt (RouteLLM checks turns 1 and 2;
 *   every question has two);
 * - the prompt is the first turn ("Only use first turn for routing");
 * - a model's outcome is the mean of its judge scores over the question's rows in judgements.jsonl
 *   (one per turn). RouteLLM averages all (question, turn) rows of the routed model at once; with the
 *   same number of turns per question that equals the mean over questions of these per-question means.
 */
export function loadRoutellmMtBench(directory: string): RoutellmItem[] {
  const folder = join(directory, 'mt_bench');
  const contaminated = readContaminatedPrompts(join(folder, 'contaminated_prompts.jsonl'));
  const questions = readJsonLines(join(folder, 'question.jsonl'), questionSchema);
  const judgements = readJsonLines(join(folder, 'judgements.jsonl'), judgementSchema);

  const scores = new Map<string, number[]>();
  for (const judgement of judgements) {
    const key = `${judgement.question_id}\u0000${judgement.model}`;
    const list = scores.get(key) ?? [];
    list.push(judgement.score);
    scores.set(key, list);
  }
  const meanScore = (questionId: number, model: string): number => {
    const list = scores.get(`${questionId}\u0000${model}`);
    if (list === undefined || list.length === 0) {
      throw new Error(`${folder}: no judgement of ${model} for question ${questionId}`);
    }
    return list.reduce((sum, score) => sum + score, 0) / list.length;
  };

  return questions
    .filter((question) => !question.turns.some((turn) => contaminated.has(turn)))
    .map((question) => {
      const prompt = question.turns[0] ?? '';
      return {
        id: promptId(prompt),
        prompt,
        strong: meanScore(question.question_id, routellmModels.strong),
        weak: meanScore(question.question_id, routellmModels.weak),
        subject: question.category,
      };
    });
}
