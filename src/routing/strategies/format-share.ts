/**
 * A 0–1 score or share with two decimals ("0.07", "0.70", "1.00") for details and reasons. It runs
 * for every candidate on every request, so it builds the text from a small integer (V8 caches their
 * strings) instead of toFixed's decimal conversion of a double: about a quarter of the cost. At an
 * exact decimal half it may round the other way from toFixed (0.015 → "0.02"), which no reader minds.
 */
export function formatShare(value: number): string {
  const hundredths = Math.round(value * 100);
  // The best candidate scores exactly 1 on every dimension it leads: the commonest value of all.
  if (hundredths === 100) return '1.00';
  if (hundredths > 100 || hundredths < 0 || Number.isNaN(hundredths)) return value.toFixed(2);
  return hundredths < 10 ? `0.0${hundredths}` : `0.${hundredths}`;
}
