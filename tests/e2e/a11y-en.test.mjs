// axe-core on every page type in en (see a11y.mjs).
import { axeSuite } from './a11y.mjs';

axeSuite('en', 'en-US');
