// axe-core on every page type in ru (see a11y.mjs).
import { axeSuite } from './a11y.mjs';

axeSuite('ru', 'ru-RU');
