/** The screens of the authority's staff: reviewers, analyst, administrator (test/client/support/screens.ts). */
import { describeScreens } from './support/screens.js';

const STAFF = new Set(['shengji', 'buji', 'fenxi', 'admin']);

describeScreens('the reviewer, analyst and administrator screens', (screen) => Boolean(screen.username && STAFF.has(screen.username)));
