import { h, type FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A component whose code is a separate chunk, fetched the first time it renders (rare parts of
 * the panel: the rating form, past conversations). Renders nothing until the chunk is there.
 */
export function lazyView<P extends object>(load: () => Promise<FunctionComponent<P>>): FunctionComponent<P> {
  let loaded: FunctionComponent<P> | null = null;
  let pending: Promise<unknown> | null = null;
  return (props: P) => {
    const [, setReady] = useState(false);
    useEffect(() => {
      if (loaded) return;
      pending ||= load().then((c) => (loaded = c));
      let alive = true;
      pending.then(
        () => alive && setReady(true),
        () => (pending = null),
      );
      return () => {
        alive = false;
      };
    }, []);
    return loaded ? h(loaded, props) : null;
  };
}
