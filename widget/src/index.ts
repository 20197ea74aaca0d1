import $ from 'jquery';
import { config } from 'zod';
import { createHeapSyncWidget } from './widget';

// The marketplace forbids eval: keep zod 4 from compiling its parsers with `new Function`.
config({ jitless: true });

/** script.js: `define(['jquery'], function ($) { return HeapSyncWidget; })`, built by Vite. */
export default createHeapSyncWidget($);
