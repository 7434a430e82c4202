/**
 * The dense features, in the order `extractFeatures` fills them. `router.json` stores the names with
 * their scaling and weights, so a model trained on another list is refused rather than misread.
 * Counts are log(1 + count); densities are per character.
 */
export const denseFeatureNames = [
  'log_characters',
  'log_words',
  'log_lines',
  'mean_word_length',
  'code_fences',
  'code_punctuation_density',
  'code_keywords',
  'digit_density',
  'math_operator_density',
  'latex_markers',
  'question_marks',
  'question_words',
  'task_verbs',
  'multiple_choice_options',
  'instruction_phrases',
] as const;

export type DenseFeatureName = (typeof denseFeatureNames)[number];
