import type { RefObject } from 'preact';
import { useLayoutEffect } from 'preact/hooks';

import { addStyle } from './style-adder';

const added = new WeakMap<Node, Set<string>>();

/**
 * Adds a lazily loaded component's styles to the shadow root it renders in, once per root (not
 * inside the component, where they would be part of its text).
 */
export function useShadowStyle(ref: RefObject<Element>, css: string): void {
  useLayoutEffect(() => {
    const root = ref.current?.getRootNode();
    if (!root) return;
    const done = added.get(root) ?? new Set<string>();
    added.set(root, done);
    if (done.has(css)) return;
    done.add(css);
    addStyle(css);
  }, []);
}
