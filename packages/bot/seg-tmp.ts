import { splitQuestions } from './src/segmenter';
for (const t of process.argv.slice(2)) console.log(JSON.stringify(splitQuestions(t)));
