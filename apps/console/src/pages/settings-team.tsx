import { useEffect, useState } from 'preact/hooks';
import { errorText, get, patch, post } from '../api';
import { currentSite, useSession } from '../session';
import { ConfirmDialog } from './confirm';

/** A team member as `GET /api/v1/agents` lists them. */
interface Agent {
  id: string;
  email: string;
  name: string;
  /** The name shoppers see, when the agent chose one. */
  displayName: string | null;
  hasAvatar: boolean;
  role: 'admin' | 'agent';
  active: boolean;
  presence: 'online' | 'away';
  siteIds: string[];
  lastLoginAt: string | null;
}

/** The team: who can answer on which sites, with which rights; invitations and deactivation. */
export function Team() {
  const session = useSession();
  const [agents, setAgents] = useState<Agent[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [invited, setInvited] = useState<{ agent: Agent; temporaryPassword: string } | null>(null);
  const [deactivating, setDeactivating] = useState<Agent | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const load = () =>
    get<{ agents: Agent[] }>('/agents').then(
      ({ agents }) => {
        setAgents(agents);
        setLoadError(null);
      },
      (e) => setLoadError(errorText(e)),
    );
  useEffect(() => {
    load();
  }, []);

  const change = async (agent: Agent, body: Partial<Pick<Agent, 'role' | 'active' | 'siteIds'>> & { avatar?: null }, done: string) => {
    setBusyId(agent.id);
    try {
      await patch(`/agents/${agent.id}`, body);
      session.toast(done);
      await load();
    } catch (e) {
      session.toast(errorText(e), 'error');
    } finally {
      setBusyId(null);
      setDeactivating(null);
    }
  };

  const siteName = (id: string) => session.sites.find((s) => s.id === id)?.name ?? 'another site';

  return (
    <section class="settings-section" aria-labelledby="team-title">
      <h2 id="team-title">Team</h2>
      <InviteForm
        onInvited={async (result) => {
          setInvited(result);
          await load();
        }}
      />
      {invited && (
        <div class="once" role="status" data-testid="invite-result">
          <p>
            <strong>{invited.agent.name}</strong> can now sign in at <code>{location.origin}/console/</code> as <code>{invited.agent.email}</code> with the temporary password{' '}
            <code data-testid="invite-password">{invited.temporaryPassword}</code>
          </p>
          <p class="small">Pass it on privately: it is shown only now. </p>
          <div class="row">
            <button
              onClick={() =>
                navigator.clipboard.writeText(invited.temporaryPassword).then(
                  () => session.toast('Password copied'),
                  () => session.toast('Select the password and press Ctrl+C', 'error'),
                )
              }
            >
              Copy password
            </button>
            <button class="link" onClick={() => setInvited(null)}>
              Done
            </button>
          </div>
        </div>
      )}
      <div class="card">
        {loadError && (
          <p class="error" role="alert">
            {loadError} <button class="link" onClick={load}>Retry</button>
          </p>
        )}
        {agents === null && !loadError && <p class="muted">Loading the team…</p>}
        {agents && (
          <table data-testid="team-list">
            <thead>
              <tr>
                <th>Name</th>
                <th>Role</th>
                <th>Sites</th>
                <th>Status</th>
                <th>Last sign-in</th>
                <th class="table-actions">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {agents.map((a) => {
                const me = a.id === session.agent.id;
                return (
                  <tr key={a.id} class={a.active ? '' : 'inactive'} data-testid="team-row">
                    <td>
                      {a.name}
                      {me && <span class="muted"> (you)</span>}
                      <div class="muted small">{a.email}</div>
                    </td>
                    <td>
                      <select
                        aria-label={`Role of ${a.name}`}
                        value={a.role}
                        disabled={busyId === a.id || me}
                        title={me ? 'Ask another admin to change your role' : undefined}
                        onChange={(e) => change(a, { role: e.currentTarget.value as Agent['role'] }, `${a.name} is now ${e.currentTarget.value === 'admin' ? 'an admin' : 'an agent'}`)}
                        data-testid="team-role"
                      >
                        <option value="agent">Agent</option>
                        <option value="admin">Admin</option>
                      </select>
                    </td>
                    <td class="small">{a.role === 'admin' ? 'All sites' : a.siteIds.length ? a.siteIds.map(siteName).join(', ') : <span class="muted">None</span>}</td>
                    <td>
                      {a.active ? (
                        <span>
                          <span class={`presence-dot ${a.presence}`} aria-hidden="true" />
                          {a.presence === 'online' ? 'Online' : 'Away'}
                        </span>
                      ) : (
                        <span class="chip">Deactivated</span>
                      )}
                    </td>
                    <td class="small">{a.lastLoginAt ? new Date(a.lastLoginAt).toLocaleString() : <span class="muted">Never</span>}</td>
                    <td class="table-actions">
                      {a.hasAvatar && (
                        <button class="link" disabled={busyId === a.id} onClick={() => change(a, { avatar: null }, `${a.name}'s picture removed`)} data-testid="team-remove-avatar">
                          Remove picture
                        </button>
                      )}
                      {a.active ? (
                        <button class="link danger" disabled={busyId === a.id || me} title={me ? 'You cannot deactivate yourself' : undefined} onClick={() => setDeactivating(a)} data-testid="team-deactivate">
                          Deactivate
                        </button>
                      ) : (
                        <button class="link" disabled={busyId === a.id} onClick={() => change(a, { active: true }, `${a.name} can sign in again`)} data-testid="team-reactivate">
                          Reactivate
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
      {deactivating && (
        <ConfirmDialog
          title={`Deactivate ${deactivating.name}?`}
          confirmLabel="Deactivate"
          busy={busyId === deactivating.id}
          onCancel={() => setDeactivating(null)}
          onConfirm={() => change(deactivating, { active: false }, `${deactivating.name} is deactivated`)}
        >
          <p>They are signed out at once and cannot sign in until reactivated. Their past conversations stay as they are.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function InviteForm({ onInvited }: { onInvited: (result: { agent: Agent; temporaryPassword: string }) => void }) {
  const session = useSession();
  const site = currentSite(session);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<'agent' | 'admin'>('agent');
  const [siteIds, setSiteIds] = useState<string[]>(site ? [site.id] : []);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) return setError('Write a valid email address.');
    if (!name.trim()) return setError('Write the person’s name.');
    if (role === 'agent' && !siteIds.length) return setError('Choose at least one site for an agent.');
    setBusy(true);
    setError(null);
    try {
      const result = await post<{ agent: Agent; temporaryPassword: string }>('/agents', { email: email.trim(), name: name.trim(), role, siteIds });
      setEmail('');
      setName('');
      session.toast(`${result.agent.name} invited`);
      onInvited(result);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card" onSubmit={submit} data-testid="invite-form">
      <h3>Invite someone</h3>
      <div class="form-grid">
        <label>
          Email
          <input type="email" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} autocomplete="off" data-testid="invite-email" />
        </label>
        <label>
          Name
          <input required maxLength={120} value={name} onInput={(e) => setName(e.currentTarget.value)} autocomplete="off" data-testid="invite-name" />
        </label>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.currentTarget.value as 'agent' | 'admin')} data-testid="invite-role">
            <option value="agent">Agent</option>
            <option value="admin">Admin</option>
          </select>
          <span class="hint">{role === 'admin' ? 'Also changes settings and the team, on every site.' : 'Answers chats and edits the knowledge base of their sites.'}</span>
        </label>
      </div>
      {session.sites.length > 0 && (
        <fieldset class="plain">
          <legend class="label-like">Sites {role === 'admin' && <span class="hint">(admins work on every site)</span>}</legend>
          <div class="site-checks">
            {session.sites.map((s) => (
              <label class="inline" key={s.id}>
                <input type="checkbox" checked={siteIds.includes(s.id)} onChange={(e) => setSiteIds(e.currentTarget.checked ? [...siteIds, s.id] : siteIds.filter((x) => x !== s.id))} />
                {s.name}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <div class="save-row">
        <button class="primary" type="submit" disabled={busy} data-testid="invite-submit">
          {busy ? 'Inviting…' : 'Invite'}
        </button>
        {error && (
          <span class="error" role="alert" data-testid="invite-error">
            {error}
          </span>
        )}
      </div>
    </form>
  );
}
