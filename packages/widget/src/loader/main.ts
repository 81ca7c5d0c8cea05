import { startLoader } from './loader';

// The loader's entry: an IIFE that exports nothing, so the only global it leaves is `Sportello`.
startLoader(window, document);
