/** The launcher's distance from the window's bottom and side, in whole CSS pixels: unset, and at most. */
export const LAUNCHER_OFFSET_DEFAULT = 20;
export const LAUNCHER_OFFSET_MAX = 400;

/**
 * A path where the widget hides (`/checkout`, `/account/*`): from `/`, no spaces, at most two `*`,
 * since the widget matches it in the shopper's browser, in time at worst quadratic in the path.
 */
export const HIDE_ON_PATH = /^\/[^\s*]*(\*[^\s*]*){0,2}$/;
