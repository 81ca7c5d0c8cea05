import { conversation, text } from './test/conversation';
for (const r of ['Taglia sbagliata','Danneggiato o difettoso','Diverso dalla descrizione','Ho cambiato idea','Altro']) {
  const c = conversation({ locale: 'it' });
  for (const t of ['vorrei fare un reso, ordine 1001', 'giulia.rossi@example.com', 'tutti', r, 'Rimborso']) { const d = await c.say(t); if (t===r || t==='Rimborso') console.log('>', t, '\n  ', d.intent, d.asks, JSON.stringify(d.answers), '|', text(d).replace(/\n/g,' ').slice(0, 200)); }
}
