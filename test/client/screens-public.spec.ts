/** The screens of people outside the authority: visitors, applicants, employers (test/client/support/screens.ts). */
import { describeScreens } from './support/screens.js';

const STAFF = new Set(['shengji', 'buji', 'fenxi', 'admin']);

describeScreens('the public, applicant and employer screens', (screen) => !screen.username || !STAFF.has(screen.username));
