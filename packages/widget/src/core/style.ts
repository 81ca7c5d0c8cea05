/**
 * Adds a stylesheet to the widget's shadow root. A constructed stylesheet first: a storefront's
 * strict Content-Security-Policy (`style-src 'self'`, no 'unsafe-inline') blocks `<style>`
 * elements but not the CSSOM. A `<style>` element only where constructed sheets do not exist.
 *
 * The site's values are written into the text (`var(--c)` and the like replaced from the config's
 * `theme`: c the merchant's colour, t the text on it, b and s the launcher's bottom and side offsets)
 * rather than read from custom properties: those inherit from the host element, where any page rule such
 * as `*{--c:red}` would beat the shadow root's own `:host` rule.
 */
export function addStyle(root: ShadowRoot, css: string, values: Record<string, string>): void {
  css = css.replace(/var\(--(\w)\)/g, (m, name: string) => values[name] || m);
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = css;
    root.append(style);
  }
}
