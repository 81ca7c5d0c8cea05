/**
 * The loader's way of adding a stylesheet to the widget's shadow root, set when the panel mounts.
 * A module of its own, so the lazily loaded parts reach it without pulling their style hook into
 * the panel's chunk.
 */
export let addStyle: (css: string) => void = () => undefined;

export function setStyleAdder(add: (css: string) => void): void {
  addStyle = add;
}
