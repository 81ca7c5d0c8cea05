import { useEffect, useState } from 'preact/hooks';
import { errorText, get } from '../api';
import { currentSite, useSession } from '../session';
import { BarChart } from './bar-chart';
import { download, slug } from './download';
import { addDays, dayIn, presetDays, startOfDay } from './calendar';
import type { Report } from '@sportello/protocol';
import { deflectionLine, duration, plural, toCsv } from './report-format';
import { handoffReason } from './labels';
import { ShopperText } from '../messages/shopper-text';
import './pages.css';

type Preset = 'today' | '7d' | '30d' | 'custom';

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);
const shortDate = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const longDate = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

/** Figures for the site chosen in the top bar over a range of days in the site's time zone. */
export function Reports() {
  const session = useSession();
  const site = currentSite(session);
  const timeZone = site?.settings.timeZone ?? 'UTC';
  const today = dayIn(new Date(), timeZone);
  const [preset, setPreset] = useState<Preset>('7d');
  const [custom, setCustom] = useState(() => presetDays('7d', today));
  const days = preset === 'custom' ? custom : presetDays(preset, today);
  const rangeError = preset === 'custom' && (!custom.first || !custom.last ? 'Choose both dates.' : custom.first > custom.last ? 'The first day must not be after the last.' : null);

  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!site || rangeError) return;
    let current = true;
    setLoading(true);
    setError(null);
    const from = startOfDay(days.first, timeZone).toISOString();
    const to = startOfDay(addDays(days.last, 1), timeZone).toISOString();
    get<Report>('/reports', { siteId: site.id, from, to }).then(
      (r) => current && setReport(r),
      (e) => current && setError(errorText(e)),
    ).finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [site?.id, timeZone, days.first, days.last, rangeError, attempt]);

  if (!site) return <p class="empty">Loading sites…</p>;

  const choose = (p: Preset) => {
    if (p === 'custom') setCustom(days);
    setPreset(p);
  };

  return (
    <div class="section reports-page">
      <div class="section-head">
        <h1>Reports</h1>
        <span class="muted">{site.name}</span>
      </div>
      <div class="range card" role="group" aria-label="Date range">
        <div class="segmented" role="group" aria-label="Preset ranges">
          {(
            [
              ['today', 'Today'],
              ['7d', 'Last 7 days'],
              ['30d', 'Last 30 days'],
              ['custom', 'Custom'],
            ] as const
          ).map(([p, name]) => (
            <button key={p} aria-pressed={preset === p} onClick={() => choose(p)} data-testid={`range-${p}`}>
              {name}
            </button>
          ))}
        </div>
        {preset === 'custom' && (
          <>
            <label>
              From
              <input type="date" value={custom.first} max={today} onInput={(e) => setCustom({ ...custom, first: e.currentTarget.value })} data-testid="range-from" />
            </label>
            <label>
              To (included)
              <input type="date" value={custom.last} max={today} onInput={(e) => setCustom({ ...custom, last: e.currentTarget.value })} data-testid="range-to" />
            </label>
          </>
        )}
        <span class="muted small grow">
          {longDate(days.first)}
          {days.first !== days.last && ` – ${longDate(days.last)}`} · {timeZone.replace(/_/g, ' ')}
        </span>
        {loading && (
          <span class="muted small" aria-live="polite">
            Loading…
          </span>
        )}
        <button disabled={!report} onClick={() => report && download(`report-${slug(site.name)}-${days.first}-${days.last}.csv`, toCsv(report), 'text/csv')} data-testid="reports-csv">
          Download CSV
        </button>
      </div>
      {rangeError && (
        <p class="error" role="alert">
          {rangeError}
        </p>
      )}
      {error && (
        <p class="error" role="alert" data-testid="reports-error">
          {error} <button class="link" onClick={() => setAttempt(attempt + 1)}>Retry</button>
        </p>
      )}
      {report && <ReportView report={report} stale={loading} />}
      {!report && !error && <p class="muted">Loading the report…</p>}
    </div>
  );
}

function ReportView({ report, stale }: { report: Report; stale: boolean }) {
  const handoffs = report.handoffReasons.reduce((sum, r) => sum + r.count, 0);
  const maxRating = Math.max(1, ...Object.values(report.csat.distribution));
  return (
    <div class={`stack report ${stale ? 'stale' : ''}`} aria-busy={stale} data-testid="report">
      <div class="kpis">
        <div class="card kpi">
          <span class="muted">Conversations</span>
          <span class="value" data-testid="kpi-conversations">
            {report.conversations}
          </span>
          <span class="sub">started in the range</span>
        </div>
        <div class="card kpi">
          <span class="muted">First response</span>
          <span class="value" data-testid="kpi-first-response">
            {duration(report.firstResponseSeconds.median)}
          </span>
          <span class="sub">median · p90 {duration(report.firstResponseSeconds.p90)} · {plural(report.firstResponseSeconds.count, 'chat')}</span>
        </div>
        <div class="card kpi">
          <span class="muted">Resolution time</span>
          <span class="value" data-testid="kpi-resolution">
            {duration(report.resolutionSeconds.median)}
          </span>
          <span class="sub">median · p90 {duration(report.resolutionSeconds.p90)} · {plural(report.resolutionSeconds.count, 'chat')}</span>
        </div>
        <div class="card kpi">
          <span class="muted">Satisfaction</span>
          <span class="value" data-testid="kpi-csat">
            {report.csat.average === null ? '—' : `${report.csat.average.toFixed(1)} / 5`}
          </span>
          <span class="sub">{plural(report.csat.count, 'rating')}</span>
        </div>
        <div class="card kpi">
          <span class="muted">Bot deflection</span>
          <span class="value" data-testid="kpi-deflection">
            {percent(report.botDeflection.rate)}
          </span>
          <span class="sub" data-testid="kpi-deflection-detail" title="Resolved by the bot: no person took part, it was never handed off, and the shopper did not come back on the same topic within 24 hours. Chats younger than that are not counted yet.">
            {deflectionLine(report)}
          </span>
        </div>
      </div>

      <div class="card">
        <h2>Conversations per day</h2>
        {report.conversations === 0 && <p class="muted small">No conversations started in this range.</p>}
        <BarChart
          label="Conversations started per day"
          testId="chart-per-day"
          bars={report.perDay.map((d) => ({ label: shortDate(d.date), value: d.count, title: `${longDate(d.date)}: ${plural(d.count, 'conversation')}` }))}
        />
      </div>

      <div class="report-grid">
        <div class="card">
          <h2>Response and resolution times</h2>
          <table data-testid="times-table">
            <thead>
              <tr>
                <th />
                <th>Median</th>
                <th>90% within</th>
                <th>Chats</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>
                  First response
                  <div class="muted small">from the hand-off to a person’s first reply</div>
                </td>
                <td>{duration(report.firstResponseSeconds.median)}</td>
                <td>{duration(report.firstResponseSeconds.p90)}</td>
                <td>{report.firstResponseSeconds.count}</td>
              </tr>
              <tr>
                <td>
                  Resolution
                  <div class="muted small">from the first message to resolved</div>
                </td>
                <td>{duration(report.resolutionSeconds.median)}</td>
                <td>{duration(report.resolutionSeconds.p90)}</td>
                <td>{report.resolutionSeconds.count}</td>
              </tr>
            </tbody>
          </table>
        </div>

        <div class="card">
          <h2>Why chats went to a person</h2>
          {report.handoffReasons.length === 0 ? (
            <p class="muted">No hand-offs in this range.</p>
          ) : (
            <table data-testid="handoff-table">
              <thead>
                <tr>
                  <th>Reason</th>
                  <th>Chats</th>
                  <th>Share</th>
                </tr>
              </thead>
              <tbody>
                {report.handoffReasons.map((r) => (
                  <tr key={r.reason}>
                    <td>{handoffReason(r.reason)}</td>
                    <td>{r.count}</td>
                    <td>{percent(r.count / handoffs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>

        <div class="card">
          <h2>Customer satisfaction</h2>
          {report.csat.count === 0 ? (
            <p class="muted">No ratings in this range.</p>
          ) : (
            <div class="dist" data-testid="csat-distribution">
              {(['5', '4', '3', '2', '1'] as const).map((r) => {
                const n = report.csat.distribution[r];
                return (
                  <div class="dist-row" key={r} title={`${plural(n, 'rating')} of ${r}`}>
                    <span class="stars" aria-label={`${r} stars`}>
                      {r} ★
                    </span>
                    <span class="dist-track">
                      <span class="dist-fill" style={{ width: `${(n / maxRating) * 100}%`, display: 'block' }} />
                    </span>
                    <span class="small">
                      {n} · {percent(n / report.csat.count)}
                    </span>
                  </div>
                );
              })}
            </div>
          )}
        </div>

        <div class="card">
          <h2>Comments</h2>
          {report.csat.comments.length === 0 ? (
            <p class="muted">No comments left with a rating.</p>
          ) : (
            <ul class="comments" data-testid="csat-comments">
              {[...report.csat.comments].reverse().map((c) => (
                <li key={c.conversationId + c.at}>
                  <span class="stars" aria-label={`${c.rating} stars`}>
                    {'★'.repeat(c.rating)}
                    {'☆'.repeat(5 - c.rating)}
                  </span>{' '}
                  <a class="small muted" href={`#/inbox/all/${c.conversationId}`}>
                    {new Date(c.at).toLocaleString()}
                  </a>
                  <div><ShopperText text={c.comment} /></div>
                </li>
              ))}
            </ul>
          )}
        </div>

        <div class="card wide">
          <h2>Busiest hours</h2>
          <p class="muted small">Conversations started per hour of the day ({report.timeZone.replace(/_/g, ' ')}).</p>
          <BarChart
            label="Conversations started per hour of the day"
            testId="chart-hours"
            height={170}
            bars={report.busiestHours.map((h) => ({ label: String(h.hour).padStart(2, '0'), value: h.count, title: `${String(h.hour).padStart(2, '0')}:00–${String(h.hour).padStart(2, '0')}:59: ${plural(h.count, 'conversation')}` }))}
          />
        </div>
      </div>
    </div>
  );
}
