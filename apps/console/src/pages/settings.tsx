import { useEffect, useState } from 'preact/hooks';
import { useRoute } from '../router';
import { currentSite, useSession } from '../session';
import { Appearance } from './settings-appearance';
import { BusinessHours, General, Install, Origins, ReturnPolicy } from './settings-site';
import { CannedReplies } from './settings-canned';
import { Team } from './settings-team';
import './pages.css';

const SECTIONS = [
  { id: 'widget', label: 'Widget appearance' },
  { id: 'hours', label: 'Business hours' },
  { id: 'origins', label: 'Allowed storefronts' },
  { id: 'returns', label: 'Return policy' },
  { id: 'install', label: 'Install' },
  { id: 'general', label: 'Site and privacy' },
  { id: 'canned', label: 'Canned replies' },
  { id: 'team', label: 'Team' },
] as const;

type SectionId = (typeof SECTIONS)[number]['id'];

/** Settings of the site chosen in the top bar, and the team (admins only: the app does not route agents here). */
export function Settings() {
  const session = useSession();
  const site = currentSite(session);
  const route = useRoute();
  const section: SectionId = SECTIONS.some((s) => s.id === route.parts[0]) ? (route.parts[0] as SectionId) : 'widget';
  const [opened, setOpened] = useState<{ siteId: string | undefined; sections: Set<SectionId> }>({ siteId: site?.id, sections: new Set() });
  const visited = new Set(opened.siteId === site?.id ? opened.sections : []).add(section);
  useEffect(() => setOpened({ siteId: site?.id, sections: visited }), [section, site?.id]);
  useEffect(() => document.querySelector('main.page')?.scrollTo(0, 0), [section]);
  if (!site) return <p class="empty">Loading sites…</p>;
  return (
    <div class="section settings-page">
      <div class="section-head">
        <h1>Settings</h1>
        <span class="muted">{site.name}</span>
      </div>
      <div class="settings-layout">
        <nav class="settings-nav" aria-label="Settings sections">
          {SECTIONS.map((s) => (
            <a key={s.id} href={`#/settings/${s.id}`} aria-current={s.id === section ? 'true' : undefined} data-testid={`settings-nav-${s.id}`}>
              {s.label}
            </a>
          ))}
        </nav>
        <div class="settings-body">
          {/*
            A section stays mounted once opened (hidden when another is shown), so unsaved changes
            survive a look at another section. Keyed by site: switching site in the top bar starts
            each form again from that site's values.
          */}
          {SECTIONS.filter((s) => visited.has(s.id)).map((s) => (
            <div key={`${site.id}:${s.id}`} hidden={s.id !== section}>
              {s.id === 'widget' && <Appearance site={site} />}
              {s.id === 'hours' && <BusinessHours site={site} />}
              {s.id === 'origins' && <Origins site={site} />}
              {s.id === 'returns' && <ReturnPolicy site={site} />}
              {s.id === 'install' && <Install site={site} />}
              {s.id === 'general' && <General site={site} />}
              {s.id === 'canned' && <CannedReplies site={site} />}
              {s.id === 'team' && <Team />}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
