/**
 * A one-edit spelling corrector over a known vocabulary (the SymSpell idea: a word and every
 * string one deletion away are indexed, so a lookup costs a few map reads instead of a scan).
 * It also splits two words typed together ("tocancel", "reimbursementpolicy").
 *
 * It only touches unknown words of five letters or more: short words are too often real words
 * the vocabulary lacks, and a wrong correction is worse than none.
 */
export class Speller {
  private readonly known = new Set<string>();
  private readonly byDeletion = new Map<string, string>();

  /**
   * @param words the vocabulary, most frequent first.
   * @param common everyday words a run-together token may be split into ("iwant" → "i want");
   *   no splitting without it.
   */
  constructor(
    words: Iterable<string>,
    private readonly common?: ReadonlySet<string>,
  ) {
    for (const word of words) this.add(word);
  }

  add(word: string): void {
    if (!/^[a-z]+$/.test(word) || this.known.has(word)) return;
    this.known.add(word);
    if (word.length < 4) return;
    // First writer wins: the vocabulary is added most common words first.
    if (!this.byDeletion.has(word)) this.byDeletion.set(word, word);
    for (const d of deletions(word)) if (!this.byDeletion.has(d)) this.byDeletion.set(d, word);
  }

  has(word: string): boolean {
    return this.known.has(word);
  }

  /** The word itself when known or not correctable; otherwise one or two known words. */
  correct(word: string): string {
    if (word.length < 5 || this.known.has(word) || !/^[a-z]+$/.test(word)) return word;
    // An inflection of a known word is a word, not a typo ("tries" is not "tires").
    if (this.inflectionOfKnown(word)) return word;
    // The token is a known word with one letter missing, extra, swapped or wrong.
    const direct = this.byDeletion.get(word);
    if (direct && plausible(word, direct)) return direct;
    for (const d of deletions(word)) {
      if (this.known.has(d) && d.length >= 4 && plausible(word, d)) return d;
      const hit = this.byDeletion.get(d);
      if (hit && plausible(word, hit)) return hit;
    }
    return this.split(word) ?? word;
  }

  /** True when the word is a known word with an English or Italian ending added or changed. */
  private inflectionOfKnown(word: string): boolean {
    const candidates = [
      word.replace(/ies$/, 'y'), word.replace(/ied$/, 'y'), word.replace(/es$/, ''), word.replace(/s$/, ''), word.replace(/ed$/, ''), word.replace(/ed$/, 'e'),
      word.replace(/ing$/, ''), word.replace(/ing$/, 'e'), word.replace(/([a-z])\1ing$/, '$1'), word.replace(/([a-z])\1ed$/, '$1'), word.replace(/ly$/, ''), word.replace(/er$/, ''),
    ];
    return candidates.some((c) => c !== word && c.length >= 3 && this.known.has(c));
  }

  private split(word: string): string | null {
    // Italian words end in a vowel and often contain English ones ("passare" ≠ "pass are").
    if (word.length < 6 || !this.common || /[aeiou]$/.test(word)) return null;
    for (let i = 1; i < word.length - 1; i++) {
      const left = word.slice(0, i);
      const right = word.slice(i);
      // "iwant" is "i want", but "iphone" is not "i phone": a lone "i" only before a verb.
      if (left === 'i' && !I_VERBS.has(right)) continue;
      // "signing" is not "sign ing", "washing" not "wash ing": an ending is not a word.
      if (ENDINGS.has(right)) continue;
      const leftOk = this.common.has(left) && (left.length >= 3 || SHORT_WORDS.has(left));
      const rightOk = this.common.has(right) && (right.length >= 3 || SHORT_WORDS.has(right));
      if (leftOk && rightOk) return `${left} ${right}`;
    }
    return null;
  }
}

/**
 * Short words that may stand alone in a split ("iwant" → "i want"). English only: Italian words
 * end in articles too often ("cancella" is not "cancel la").
 */
const ENDINGS = new Set(['ing', 'ings', 'ed', 'er', 'ers', 'est', 'ly', 'es', 'ness', 'ment', 'ments', 'tion', 'tions', 'able', 'ful', 'less', 'ship']);

const SHORT_WORDS = new Set(['i', 'u', 'to', 'my', 'me', 'an', 'of', 'in', 'on']);

/**
 * True when `typed` is one real edit from `known` (the deletion index also pairs words two edits
 * apart), the first letter is kept (typos rarely hit it), and the edit is not an Italian
 * inflection ("buona"/"buono") or an English plural.
 */
function plausible(typed: string, known: string): boolean {
  if (typed[0] !== known[0]) return false;
  const stemLength = Math.min(typed.length, known.length) - (typed.length === known.length ? 1 : 0);
  if (typed.slice(0, stemLength) === known.slice(0, stemLength)) {
    const ends = typed.slice(stemLength) + known.slice(stemLength);
    // Italian inflection: a final vowel swapped, added or dropped after a vowel-final word.
    if (/^[aeiou]+$/.test(ends) && /[aeiou]$/.test(typed)) return false;
    if (ends === 's') return false;
    // A letter added after a final vowel turns Italian into English ("perso" → "person").
    if (/[aeiou]$/.test(typed) && known.length > typed.length) return false;
    // The last letter replaced is inflection or another language ("stufa" is not "stuff").
    if (typed.length === known.length) return false;
  }
  // Italian conjugation changes the end of a word ("passare"/"passate"): not a typo.
  if (typed.length === known.length && /(are|ere|ire|ate|ete|ite|ato|uto|ito|ano|ono|[oia])$/.test(typed) && /[aeiou]$/.test(known)) {
    let i = 0;
    while (i < typed.length && typed[i] === known[i]) i++;
    if (i >= typed.length - 3) return false;
  }
  return oneEdit(typed, known);
}

function oneEdit(a: string, b: string): boolean {
  if (a === b) return false;
  if (a.length === b.length) {
    const diffs: number[] = [];
    for (let i = 0; i < a.length && diffs.length <= 2; i++) if (a[i] !== b[i]) diffs.push(i);
    if (diffs.length === 1) return true;
    const [i, j] = diffs;
    return diffs.length === 2 && j === i! + 1 && a[i!] === b[j] && a[j] === b[i!];
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (long.length - short.length !== 1) return false;
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}

const I_VERBS = new Set(['want', 'need', 'have', 'would', 'am', 'can', 'could', 'try', 'tried', 'ordered', 'bought', 'paid', 'received', 'got', 'forgot', 'lost', 'wanna', 'dont', 'cant', 'will', 'did', 'do']);

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}
