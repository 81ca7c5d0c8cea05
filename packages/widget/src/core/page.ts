/** The page to tell the server about: absolute http(s) URLs only, cut to the protocol's limits. */
export function pageOf(href: string, title: string): { url: string; title?: string } | undefined {
  if (!/^https?:\/\//i.test(href) || href.length > 2000) return undefined;
  const t = title.trim().slice(0, 300);
  return t ? { url: href, title: t } : { url: href };
}
