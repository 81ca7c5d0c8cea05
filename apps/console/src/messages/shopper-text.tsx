import { useMemo } from 'preact/hooks';

// Characters that change how text around them is ordered or hide themselves: bidirectional
// embeddings, overrides and isolates (plain marks such as LRM only hint and stay), zero-width spaces and invisible operators, the BOM,
// Hangul fillers and tag characters (which can carry hidden text). Zero-width joiners and
// non-joiners stay: emoji sequences and Persian or Indic words need them.
// Right-to-left text needs none of them to show right (the browser orders it), so in what a
// shopper wrote they are shown as visible markers instead of being obeyed.
const REVEALED = /[\u202A-\u202E\u2066-\u2069\u200B\u2060-\u2064\uFEFF\u180E\u115F\u1160\u3164\uFFA0]|[\u{E0000}-\u{E007F}]/gu;

const NAMES: Record<string, string> = {
  '\u202A': 'LRE',
  '\u202B': 'RLE',
  '\u202C': 'PDF',
  '\u202D': 'LRO',
  '\u202E': 'RLO',
  '\u2066': 'LRI',
  '\u2067': 'RLI',
  '\u2068': 'FSI',
  '\u2069': 'PDI',
  '\u200B': 'ZWSP',
  '\u2060': 'WJ',
  '\uFEFF': 'BOM',
  '\u180E': 'MVS',
};

/** Text pieces, with each revealed character as a marker of its own. */
export function revealRuns(text: string): Array<{ text: string; hidden?: string }> {
  const runs: Array<{ text: string; hidden?: string }> = [];
  let last = 0;
  for (const match of text.matchAll(REVEALED)) {
    if (match.index > last) runs.push({ text: text.slice(last, match.index) });
    const char = match[0];
    const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    runs.push({ text: NAMES[char] ?? code, hidden: code });
    last = match.index + char.length;
  }
  if (last < text.length) runs.push({ text: text.slice(last) });
  return runs;
}

/**
 * What a shopper typed (a message, a name, a preview line), as agents see it: isolated from what
 * surrounds it (`<bdi>`, so right-to-left text cannot reorder the name, time or status beside
 * it), with bidirectional controls and zero-width characters shown as small markers.
 */
export function ShopperText({ text, class: className }: { text: string; class?: string }) {
  const runs = useMemo(() => revealRuns(text), [text]);
  return (
    <bdi class={className} dir="auto">
      {runs.map((run, i) =>
        run.hidden ? (
          <span key={i} class="hidden-char" title={`Hidden character ${run.hidden} in what the shopper sent`}>
            {run.text}
          </span>
        ) : (
          run.text
        ),
      )}
    </bdi>
  );
}
