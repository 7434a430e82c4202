import type { SeededRandom } from './create-seeded-random.js';

// Plain, varied English so simulated answers look like answers in logs and demos.
const vocabulary: readonly string[] = Object.freeze(
  (
    'the a model answer request route gateway token stream provider latency budget cost quality ' +
    'simple fast careful clear useful small large every often rarely always never because while ' +
    'when after before which that this those data system user result value reason option plan ' +
    'test check measure compare choose return send receive handle retry limit cache record ' +
    'report explain describe summarize consider suggest improve reduce increase keep make give ' +
    'is are was be can will should would could may might has have do does of to in on for with ' +
    'from by about into over under between through across within without and or but so then ' +
    'first next last other same new good better best clear quick short long whole part'
  ).split(' '),
);

/**
 * Returns `count` word tokens: the first without a leading space, the rest with one (as
 * byte-pair tokens usually are), in sentences of 6–14 words ending with a full stop.
 */
export function generateWords(random: SeededRandom, count: number): string[] {
  const tokens: string[] = [];
  let sentenceLeft = 0;
  for (let index = 0; index < count; index++) {
    let word = vocabulary[Math.floor(random() * vocabulary.length)] ?? 'the';
    const startsSentence = sentenceLeft === 0;
    if (startsSentence) {
      sentenceLeft = 6 + Math.floor(random() * 9);
      word = word.charAt(0).toUpperCase() + word.slice(1);
    }
    sentenceLeft--;
    if (sentenceLeft === 0 || index === count - 1) word += '.';
    tokens.push(index === 0 ? word : ' ' + word);
  }
  return tokens;
}
