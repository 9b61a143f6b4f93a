import { ReadLine } from '../model/vision-model';
import { canonicalCode, matchBrand } from '../../diagnosis/findings/findings';

/**
 * Picks what a region says when the network and the seven-segment decoder disagree. The network reads
 * a segment display's faint unlit segments as "8"s and confuses 0/D, E/F; the decoder cannot read
 * printed words (a brand in a bold font can look like segments). So: a brand name stays as the network
 * read it; otherwise a crisp decoder read wins when it is a code and the network's is not, when the
 * network saw more 8s or another number of characters, or when the decoder is very clear. The losing
 * read is kept as `alternative` for the findings.
 */
export function reconcileLine(line: ReadLine): ReadLine {
  const segments = line.segments;
  if (segments === undefined || segments.crispness < 0.6 || segments.text === line.text) {
    return line;
  }
  const network = line.text.replace(/\s+/g, '');
  if (matchBrand(line.text) !== undefined && line.confidence >= 0.8) {
    return line;
  }
  const eights = (text: string): number => [...text].filter((c) => c === '8').length;
  const networkCode = canonicalCode(network) !== undefined;
  const segmentCode = canonicalCode(segments.text) !== undefined;
  const prefer =
    network === '' ||
    (segmentCode && !networkCode) ||
    eights(network) > eights(segments.text) ||
    network.length !== segments.text.length ||
    line.confidence < 0.8 ||
    segments.crispness >= 0.65;
  if (prefer && (segmentCode || !networkCode)) {
    return { ...line, text: segments.text, confidence: segments.crispness, method: 'segments', alternative: line.text };
  }
  return { ...line, alternative: segments.text };
}
