/**
 * Adds a stylesheet to the widget's shadow root. A constructed stylesheet first: a storefront's
 * strict Content-Security-Policy (`style-src 'self'`, no 'unsafe-inline') blocks `<style>`
 * elements but not the CSSOM. A `<style>` element only where constructed sheets do not exist.
 *
 * The merchant's colour is written into the text (`var(--c)`, `var(--t)` replaced) rather than
 * read from custom properties: those inherit from the host element, where any page rule such as
 * `*{--c:red}` would beat the shadow root's own `:host` rule.
 */
export function addStyle(root: ShadowRoot, css: string, color: string, text: string): void {
  css = css.replace(/var\(--c\)/g, color).replace(/var\(--t\)/g, text);
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
