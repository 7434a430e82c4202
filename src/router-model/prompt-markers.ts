import { fnv1a32 } from './fnv1a32.js';
import { MarkerTable } from './marker-table.js';
import { pairHash } from './pair-hash.js';

export const CODE_KEYWORD = 1;
export const QUESTION_WORD = 2;
export const TASK_VERB = 4;
export const INSTRUCTION_WORD = 8;
export const INSTRUCTION_PAIR = 16;

const words: ReadonlyArray<readonly [flag: number, words: readonly string[]]> = [
  [
    CODE_KEYWORD,
    [
      'function', 'def', 'return', 'class', 'import', 'const', 'let', 'var', 'int', 'void', 'print', 'printf',
      'println', 'public', 'private', 'static', 'include', 'elif', 'lambda', 'async', 'await', 'struct', 'null',
      'none', 'self', 'console', 'std', 'fn', 'impl', 'select', 'sql', 'json', 'html', 'python', 'javascript',
      'typescript', 'java', 'code', 'array', 'string', 'boolean', 'loop', 'variable', 'compile', 'bug',
    ],
  ],
  [QUESTION_WORD, ['what', 'why', 'how', 'which', 'who', 'whom', 'whose', 'when', 'where', 'whether']],
  [
    TASK_VERB,
    [
      'explain', 'describe', 'calculate', 'compute', 'solve', 'prove', 'find', 'derive', 'evaluate', 'compare',
      'determine', 'estimate', 'simplify', 'write', 'list', 'summarize', 'translate', 'implement',
    ],
  ],
  [INSTRUCTION_WORD, ['instruction', 'instructions', 'system', 'assistant', 'persona', 'roleplay']],
];

const instructionPairs = [
  ['you', 'are'], ['act', 'as'], ['your', 'task'], ['you', 'will'], ['you', 'must'], ['pretend', 'you'],
  ['imagine', 'you'], ['respond', 'with'], ['answer', 'only'],
] as const;

/**
 * Words and word pairs that mark code, questions and instructions, keyed by the hashes
 * `extractFeatures` computes for lower-cased words and word pairs, so a marker is one table lookup
 * with no substring made. A 32-bit collision with another word is possible and harmless: marker
 * counts are features, not rules.
 */
export const promptMarkers = new MarkerTable([
  ...words.flatMap(([flag, list]) => list.map((word) => [fnv1a32(word), flag] as const)),
  ...instructionPairs.map(([first, second]) => [pairHash(fnv1a32(first), fnv1a32(second)), INSTRUCTION_PAIR] as const),
]);
