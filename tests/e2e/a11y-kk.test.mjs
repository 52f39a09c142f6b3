// axe-core on every page type in kk (see a11y.mjs).
import { axeSuite } from './a11y.mjs';

axeSuite('kk', 'kk-KZ');
