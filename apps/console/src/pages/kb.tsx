import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { KbArticle } from '@sportello/protocol';
import { del, errorText, get, patch, post } from '../api';
import { navigate, useRoute } from '../router';
import { currentSite, useSession } from '../session';
import { ConfirmDialog } from './confirm';
import { LOCALES, localeName } from './labels';
import { Markdown } from './markdown';
import { BotTester } from './bot-tester';
import { download, slug } from './download';
import './pages.css';

interface Draft {
  title: string;
  body: string;
  locale: string;
  tags: string;
  published: boolean;
}

const EMPTY_BODY = 'A short answer first, in a sentence or two.\n\n## A question shoppers ask\n\nThe answer to it.\n\n- one point\n- another point';

const toDraft = (a: KbArticle): Draft => ({ title: a.title, body: a.body, locale: a.locale, tags: a.tags.join(', '), published: a.published });

const parseTags = (text: string) => [...new Set(text.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean))];

const sameDraft = (a: Draft, b: Draft) => a.title === b.title && a.body === b.body && a.locale === b.locale && parseTags(a.tags).join(',') === parseTags(b.tags).join(',') && a.published === b.published;

/** The knowledge base of the site chosen in the top bar: articles the bot answers from, and a box to try the bot. */
export function KnowledgeBase() {
  const session = useSession();
  const site = currentSite(session);
  const route = useRoute();
  const selected = route.parts[0] ?? null; // an article id, `new`, or nothing

  const [filters, setFilters] = useState({ q: '', locale: '', published: '' });
  const [articles, setArticles] = useState<KbArticle[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [pending, setPending] = useState<(() => void) | null>(null);
  const dirty = useRef(false);

  const load = useCallback(async () => {
    if (!site) return;
    try {
      const { articles } = await get<{ articles: KbArticle[] }>('/kb', { siteId: site.id, q: filters.q.trim(), locale: filters.locale, published: filters.published });
      setArticles(articles);
      setListError(null);
    } catch (e) {
      setListError(errorText(e));
    }
  }, [site?.id, filters.q, filters.locale, filters.published]);

  useEffect(() => {
    // Typing in the search box reloads after a short pause.
    const timer = setTimeout(load, filters.q ? 250 : 0);
    return () => clearTimeout(timer);
  }, [load]);

  // Another site chosen in the top bar: its list, and no article of the previous site open.
  const shownSite = useRef(site?.id);
  useEffect(() => {
    if (shownSite.current === site?.id) return;
    shownSite.current = site?.id;
    setArticles(null);
    dirty.current = false;
    if (selected && selected !== 'new') navigate('kb');
  }, [site?.id]);

  /** Runs `go` now, or after the merchant agrees to lose unsaved changes. */
  const leave = (go: () => void) => {
    if (dirty.current) setPending(() => go);
    else go();
  };

  if (!site) return <p class="empty">No site yet.</p>;

  return (
    <div class="section kb-page">
      <div class="section-head">
        <h1>Knowledge base</h1>
        <span class="muted">{site.name}</span>
        <span class="grow" />
        <ImportExport siteId={site.id} siteName={site.name} onImported={load} />
        <button class="primary" onClick={() => leave(() => navigate('kb/new'))} data-testid="kb-new">
          New article
        </button>
      </div>
      <p class="muted intro">
        The bot answers shoppers from the published articles. Write one article per topic, with a <code>##</code> heading for each question it answers.
      </p>
      <div class="kb-layout">
        <aside class="kb-list card" aria-label="Articles">
          <div class="stack tight">
            <input type="search" placeholder="Search titles, text and tags" aria-label="Search articles" value={filters.q} onInput={(e) => setFilters({ ...filters, q: e.currentTarget.value })} data-testid="kb-search" />
            <div class="row">
              <select aria-label="Language" value={filters.locale} onChange={(e) => setFilters({ ...filters, locale: e.currentTarget.value })} data-testid="kb-filter-locale">
                <option value="">All languages</option>
                {LOCALES.map((l) => (
                  <option value={l} key={l}>
                    {localeName(l)}
                  </option>
                ))}
              </select>
              <select aria-label="Status" value={filters.published} onChange={(e) => setFilters({ ...filters, published: e.currentTarget.value })} data-testid="kb-filter-status">
                <option value="">Any status</option>
                <option value="true">Published</option>
                <option value="false">Drafts</option>
              </select>
            </div>
          </div>
          {listError && (
            <p class="error" role="alert">
              {listError} <button class="link" onClick={load}>Retry</button>
            </p>
          )}
          {articles === null && !listError && <p class="muted pad">Loading articles…</p>}
          {articles?.length === 0 && (
            <p class="muted pad" data-testid="kb-empty">
              {filters.q || filters.locale || filters.published ? 'No article matches these filters.' : 'No articles yet. Start with your shipping and returns policies: they are what shoppers ask most.'}
            </p>
          )}
          {articles && articles.length > 0 && (
            <ul class="kb-items" data-testid="kb-list">
              {articles.map((a) => (
                <li key={a.id}>
                  <a
                    href={`#/kb/${a.id}`}
                    aria-current={selected === a.id ? 'true' : undefined}
                    onClick={(e) => {
                      e.preventDefault();
                      leave(() => navigate(`kb/${a.id}`));
                    }}
                    data-testid="kb-item"
                  >
                    <span class="kb-item-title">{a.title}</span>
                    <span class="kb-item-meta">
                      <span class="chip">{a.locale}</span>
                      {!a.published && <span class="chip pending">Draft</span>}
                      {a.tags.length > 0 && <span class="kb-item-tags">{a.tags.join(', ')}</span>}
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          )}
        </aside>
        <div class="kb-main stack">
          {selected ? (
            <ArticleEditor
              key={`${site.id}:${selected}`}
              siteId={site.id}
              id={selected === 'new' ? null : selected}
              defaultLocale={site.settings.defaultLocale ?? 'en'}
              onDirty={(d) => (dirty.current = d)}
              onSaved={(a) => {
                dirty.current = false;
                load();
                if (selected === 'new') navigate(`kb/${a.id}`);
              }}
              onDeleted={() => {
                dirty.current = false;
                load();
                navigate('kb');
              }}
              onClose={() => leave(() => navigate('kb'))}
            />
          ) : (
            <div class="card empty-card">
              <p>Choose an article to edit, or write a new one.</p>
              <button onClick={() => navigate('kb/new')}>New article</button>
            </div>
          )}
          <BotTester key={site.id} site={site} onOpenArticle={(id) => leave(() => navigate(`kb/${id}`))} />
        </div>
      </div>
      {pending && (
        <ConfirmDialog
          title="Discard your changes?"
          confirmLabel="Discard changes"
          onCancel={() => setPending(null)}
          onConfirm={() => {
            dirty.current = false;
            const go = pending;
            setPending(null);
            go();
          }}
        >
          <p>The article has changes that are not saved.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function ArticleEditor({
  siteId,
  id,
  defaultLocale,
  onDirty,
  onSaved,
  onDeleted,
  onClose,
}: {
  siteId: string;
  id: string | null;
  defaultLocale: string;
  onDirty: (dirty: boolean) => void;
  onSaved: (article: KbArticle) => void;
  onDeleted: () => void;
  onClose: () => void;
}) {
  const { toast } = useSession();
  const blank = useMemo<Draft>(() => ({ title: '', body: '', locale: (LOCALES as readonly string[]).includes(defaultLocale) ? defaultLocale : 'en', tags: '', published: true }), [defaultLocale]);
  const [saved, setSaved] = useState<KbArticle | null>(null);
  const [draft, setDraft] = useState<Draft | null>(id ? null : blank);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const title = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!id) return;
    get<{ article: KbArticle }>(`/kb/${id}`).then(
      ({ article }) => {
        setSaved(article);
        setDraft(toDraft(article));
      },
      (e) => setLoadError(errorText(e)),
    );
  }, [id]);

  useEffect(() => {
    if (!id) title.current?.focus();
  }, [id]);

  const base = saved ? toDraft(saved) : blank;
  const isDirty = draft !== null && !sameDraft(draft, base);
  useEffect(() => onDirty(isDirty), [isDirty]);

  if (loadError)
    return (
      <div class="card">
        <p class="error" role="alert">
          {loadError}
        </p>
        <button onClick={onClose}>Back to the list</button>
      </div>
    );
  if (!draft) return <div class="card muted">Loading the article…</div>;

  const set = (change: Partial<Draft>) => setDraft({ ...draft, ...change });

  const save = async (event?: Event) => {
    event?.preventDefault();
    if (!draft.title.trim()) return setError('Give the article a title.');
    if (!draft.body.trim()) return setError('Write the article’s text.');
    setBusy(true);
    setError(null);
    const body = { title: draft.title.trim(), body: draft.body, locale: draft.locale, tags: parseTags(draft.tags), published: draft.published };
    try {
      const { article } = id ? await patch<{ article: KbArticle }>(`/kb/${id}`, body) : await post<{ article: KbArticle }>('/kb', { ...body, siteId });
      setSaved(article);
      setDraft(toDraft(article));
      onDirty(false);
      toast(id ? 'Article saved' : 'Article created');
      onSaved(article);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!id) return;
    setBusy(true);
    try {
      await del(`/kb/${id}`);
      toast('Article deleted');
      onDeleted();
    } catch (e) {
      setError(errorText(e));
      setConfirmDelete(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="card kb-editor stack"
      onSubmit={save}
      onKeyDown={(e) => {
        if ((e.ctrlKey || e.metaKey) && e.key === 's') {
          e.preventDefault();
          save();
        }
      }}
      aria-label={id ? 'Edit article' : 'New article'}
      data-testid="kb-editor"
    >
      <div class="row">
        <h2 class="grow">{id ? 'Edit article' : 'New article'}</h2>
        {saved && <span class="muted small">Updated {new Date(saved.updatedAt).toLocaleString()}</span>}
      </div>
      <label>
        Title
        <input ref={title} required maxLength={200} value={draft.title} onInput={(e) => set({ title: e.currentTarget.value })} placeholder="e.g. Shipping and delivery times" data-testid="kb-title" />
      </label>
      <div class="row">
        <label>
          Language
          <select value={draft.locale} onChange={(e) => set({ locale: e.currentTarget.value })} data-testid="kb-locale">
            {LOCALES.map((l) => (
              <option value={l} key={l}>
                {localeName(l)}
              </option>
            ))}
          </select>
        </label>
        <label class="grow">
          Tags <span class="muted small">(comma separated)</span>
          <input value={draft.tags} onInput={(e) => set({ tags: e.currentTarget.value })} placeholder="shipping, delivery" data-testid="kb-tags" />
        </label>
        <label class="inline switch">
          <input type="checkbox" checked={draft.published} onChange={(e) => set({ published: e.currentTarget.checked })} data-testid="kb-published" />
          Published <span class="muted small">{draft.published ? '(the bot uses it)' : '(draft: the bot ignores it)'}</span>
        </label>
      </div>
      <div class="md-split">
        <label>
          Text (Markdown)
          <textarea rows={14} value={draft.body} onInput={(e) => set({ body: e.currentTarget.value })} placeholder={EMPTY_BODY} spellcheck data-testid="kb-body" />
          <span class="muted small">
            <code>## Heading</code> starts a section · <code>**bold**</code> · <code>- item</code> · <code>[text](https://…)</code>
          </span>
        </label>
        <div class="md-preview-wrap">
          <span class="label-like">Preview</span>
          <div class="md-preview" aria-label="Preview" data-testid="kb-preview">
            {draft.title && <h2>{draft.title}</h2>}
            {draft.body.trim() ? <Markdown source={draft.body} /> : <p class="muted">The article as shoppers and agents will read it.</p>}
          </div>
        </div>
      </div>
      {error && (
        <p class="error" role="alert" data-testid="kb-error">
          {error}
        </p>
      )}
      <div class="row">
        <button class="primary" type="submit" disabled={busy || (!!id && !isDirty)} data-testid="kb-save">
          {busy ? 'Saving…' : id ? 'Save changes' : 'Create article'}
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
        {isDirty && <span class="muted small">Unsaved changes (Ctrl+S to save)</span>}
        <span class="grow" />
        {id && (
          <button type="button" class="danger" onClick={() => setConfirmDelete(true)} disabled={busy} data-testid="kb-delete">
            Delete
          </button>
        )}
      </div>
      {confirmDelete && (
        <ConfirmDialog title="Delete this article?" confirmLabel="Delete article" busy={busy} onCancel={() => setConfirmDelete(false)} onConfirm={remove}>
          <p>
            “{saved?.title}” will be removed and the bot will stop answering from it. This cannot be undone; to hide it for a while, unpublish it instead.
          </p>
        </ConfirmDialog>
      )}
    </form>
  );
}

/** The whole knowledge base as a JSON file (`[{ title, body, locale, tags, published }]`), out and back in. */
function ImportExport({ siteId, siteName, onImported }: { siteId: string; siteName: string; onImported: () => void }) {
  const { toast } = useSession();
  const file = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState<{ name: string; articles: unknown[] } | null>(null);
  const [busy, setBusy] = useState(false);

  const exportAll = async () => {
    try {
      const articles = await get<unknown[]>('/kb/export', { siteId });
      download(`knowledge-base-${slug(siteName)}.json`, `${JSON.stringify(articles, null, 2)}\n`, 'application/json');
    } catch (e) {
      toast(errorText(e), 'error');
    }
  };

  const pick = async (input: HTMLInputElement) => {
    const chosen = input.files?.[0];
    input.value = '';
    if (!chosen) return;
    try {
      const parsed: unknown = JSON.parse(await chosen.text());
      const articles = Array.isArray(parsed) ? parsed : (parsed as { articles?: unknown })?.articles;
      if (!Array.isArray(articles) || !articles.length) throw new Error('no articles');
      setPending({ name: chosen.name, articles });
    } catch {
      toast(`${chosen.name} is not a knowledge-base export: expected a JSON list of articles with title, body and locale.`, 'error');
    }
  };

  const importAll = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      const { created, updated } = await post<{ created: number; updated: number }>('/kb/import', { siteId, articles: pending.articles });
      toast(`Imported: ${created} new, ${updated} updated`);
      onImported();
    } catch (e) {
      toast(errorText(e), 'error');
    } finally {
      setBusy(false);
      setPending(null);
    }
  };

  return (
    <>
      <button onClick={exportAll} data-testid="kb-export">
        Export
      </button>
      <button onClick={() => file.current?.click()} data-testid="kb-import">
        Import…
      </button>
      <input ref={file} type="file" accept="application/json,.json" hidden onChange={(e) => pick(e.currentTarget)} data-testid="kb-import-file" />
      {pending && (
        <ConfirmDialog title={`Import ${pending.articles.length} articles?`} confirmLabel="Import" danger={false} busy={busy} onCancel={() => setPending(null)} onConfirm={importAll}>
          <p>
            From <strong>{pending.name}</strong>. An article with the same title and language as one already here replaces it; the others are added.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
