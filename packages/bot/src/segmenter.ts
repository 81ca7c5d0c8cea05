/**
 * Splits a message that asks several things ("how much is express shipping and do you take
 * PayPal?") into its questions. Only splits where a new question plainly starts: at the end of a
 * sentence, or at "and" / "e" / "also" / a comma followed by a question word or an auxiliary. The
 * caller decides whether the parts really are separate questions.
 */

const QUESTION_START = [
  // English
  'do', 'does', 'did', 'can', 'could', 'is', 'are', 'was', 'will', 'would', 'how', 'what', 'whats', "what's", 'when', 'where', 'which', 'who', 'why',
  'should', 'may', 'have you', 'is there', 'are there', 'i also', 'also', 'want to', 'i want', 'i need', 'i d like', 'i would like',
  // Italian
  'avete', 'accettate', 'spedite', 'fate', 'posso', 'potete', 'puoi', 'si può', 'si puo', 'come', 'quando', 'dove', 'quanto', 'quanta', 'quanti',
  'quale', 'quali', 'cosa', 'che', "c'è", "c'e", 'ce', 'è possibile', 'e possibile', 'mi servirebbe', 'vorrei anche', 'inoltre', 'vorrei', 'voglio',
];

const CONJUNCTION = '(?:,\\s*)?(?:\\band also\\b|\\band\\b|\\balso\\b|\\bplus\\b|\\be anche\\b|\\be poi\\b|\\bed\\b|\\be\\b|\\banche\\b|\\binoltre\\b|&)\\s+|,\\s*';
const starters = QUESTION_START.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')).join('|');
const SPLIT_AT_CONJUNCTION = new RegExp(`(?:${CONJUNCTION})(?=(?:${starters})\\b)`, 'giu');
const SENTENCE_END = /(?<=[?!;])\s*|(?<=\.)\s+(?=[A-Za-zÀ-ÿ])|\n+|\s+(?=\d[).]\s)|^\s*\d[).]\s|(?<=:)\s*(?=\d[).]\s)|\n\s*[•\-–]\s+/u;

const CONDITION = /^\W*((and|but|so|e|ma|quindi) )?(if|what if|suppose|in case|se|e se|nel caso|supponiamo)\b/i;

/** The questions of a message, in order; one part (or none) when it asks one thing. */
export function splitQuestions(text: string): string[] {
  const parts: string[] = [];
  for (const sentence of text.split(SENTENCE_END)) {
    if (!sentence || !/\p{L}/u.test(sentence)) continue;
    for (const piece of sentence.split(SPLIT_AT_CONJUNCTION)) {
      // List marks ("1) …", "2. …") belong to no question.
      const trimmed = piece.replace(/^\s*\d[).]\s*/, '').trim();
      if (trimmed) parts.push(trimmed);
    }
  }
  // A fragment of one or two words ("thanks", "hi") is not a question of its own: it joins its
  // neighbour; a condition ("and if I accept it and return it, how many days?") joins its question.
  const merged: string[] = [];
  let condition = false;
  for (const part of parts) {
    const words = part.split(/\s+/).filter((w) => /\p{L}|\d/u.test(w));
    if ((condition || (words.length < 3 && !/\?\s*$/.test(part))) && merged.length > 0) merged[merged.length - 1] += ` ${part}`;
    else merged.push(part);
    condition = CONDITION.test(part) && !/\?\s*$/.test(part);
  }
  return merged.length > 1 ? merged : [];
}
