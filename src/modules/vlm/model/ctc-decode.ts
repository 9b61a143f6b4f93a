export interface DecodedText {
  text: string;
  /** Mean probability of the kept characters (0 when nothing was read). */
  confidence: number;
  /** Per kept character: its probability. */
  charConfidences: number[];
}

/**
 * Greedy CTC decoding of one sequence of a recogniser's softmax output ([steps, classes], row-major):
 * best class per step, repeats collapsed, blanks (class 0) dropped; class i maps to `charset[i - 1]`.
 */
export function ctcGreedyDecode(
  probs: Float32Array,
  steps: number,
  classes: number,
  charset: readonly string[],
): DecodedText {
  let text = '';
  const charConfidences: number[] = [];
  let previous = -1;
  for (let t = 0; t < steps; t += 1) {
    const row = t * classes;
    let best = 0;
    let bestP = probs[row];
    for (let c = 1; c < classes; c += 1) {
      const p = probs[row + c];
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== 0 && best !== previous) {
      const char = charset[best - 1];
      if (char !== undefined) {
        text += char;
        charConfidences.push(bestP);
      }
    }
    previous = best;
  }
  const confidence =
    charConfidences.length === 0 ? 0 : charConfidences.reduce((a, b) => a + b, 0) / charConfidences.length;
  return { text, confidence, charConfidences };
}
