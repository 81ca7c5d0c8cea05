/**
 * The launcher's styles, inside the shadow root. The host element is reset inline with
 * `all:initial!important` (a theme's rules on the host element would beat `:host`), so nothing of
 * the page is inherited; `.r` is the wrapper every part of the widget renders in.
 */
export const LAUNCHER_CSS =
  // On the wrapper, not on :host: the host's inline `all:initial!important` would win over :host.
  '.r{font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;text-align:start}' +
  '*{box-sizing:border-box}' +
  '.l{position:fixed;z-index:2;bottom:calc(var(--b) + env(safe-area-inset-bottom,0px));right:var(--s);display:flex;align-items:center;gap:8px;height:56px;min-width:56px;padding:0 18px;border:0;border-radius:28px;background:var(--c);color:var(--t);font:inherit;font-weight:600;cursor:pointer;box-shadow:0 4px 16px rgba(0,0,0,.25)}' +
  '.l:focus-visible,.p:focus-visible{outline:3px solid var(--t);outline-offset:-6px;box-shadow:0 0 0 3px var(--c),0 0 0 6px #fff}' +
  '.l svg{width:24px;height:24px;fill:currentColor;flex:none}' +
  '.n{position:absolute;top:-6px;right:-6px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#c4161c;color:#fff;font:inherit;font-size:12px;font-weight:700;line-height:22px;text-align:center}' +
  '.p{position:fixed;z-index:2;bottom:calc(var(--b) + 68px + env(safe-area-inset-bottom,0px));right:var(--s);max-width:min(280px,calc(100% - var(--s) - 20px));padding:10px 14px;border:0;border-radius:12px;background:#fff;color:#1b1b1b;font:inherit;font-size:14px;text-align:start;cursor:pointer;box-shadow:0 4px 16px rgba(0,0,0,.2);overflow-wrap:anywhere}' +
  '.L .l,.L .p{right:auto;left:var(--s)}' +
  '[hidden]{display:none!important}' +
  // Read by screen readers, not shown: replies that arrive while the chat is closed.
  '.s{position:fixed;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}' +
  '@media (prefers-reduced-motion:no-preference){.l{transition:transform .15s}.l:hover{transform:scale(1.05)}}' +
  '@media (max-width:639px){.o .l,.o .p{display:none}}';
