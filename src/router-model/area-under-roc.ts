/**
 * The area under the ROC curve: the probability that a random positive scores above a random
 * negative, ties counting half (the Mann–Whitney U statistic over n₊·n₋). NaN without both kinds.
 */
export function areaUnderRoc(scores: readonly number[], labels: readonly number[]): number {
  if (scores.length !== labels.length) throw new Error(`${scores.length} scores but ${labels.length} labels`);
  const order = scores.map((_, index) => index).sort((left, right) => scores[left]! - scores[right]!);
  let positives = 0;
  let positiveRankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end++;
    const averageRank = (start + end) / 2 + 1;
    for (let index = start; index <= end; index++) {
      if (labels[order[index]!] === 1) {
        positives++;
        positiveRankSum += averageRank;
      }
    }
    start = end + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
