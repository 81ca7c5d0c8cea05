import { UNSUPPORTED } from './src/cue';
const t = process.argv[2]!;
UNSUPPORTED.forEach(([k, re], i) => { const m = re.exec(t); if (m) console.log(i, k, JSON.stringify(m[0]), re.source.slice(0, 120)); });
