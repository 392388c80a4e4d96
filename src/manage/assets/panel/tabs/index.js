// @ts-check
// The panel's tabs, in the order shown.
//
// To add a tab: write tabs/<name>.js exporting a Tab — { id, label, render(container, ctx) }, typed
// in state.js; render builds the tab into `container` from ctx.state and may answer { show() },
// run each time the tab is selected — then add its label (and every other text it shows) to
// messages/en.js, pl.js and ru.js, and list it below. Its id is also its URL hash (/manage#<id>).

import { callFlowTab } from './call-flow.js';
import { flowTab } from './flow.js';
import { historyTab } from './history.js';
import { inboxTab } from './inbox.js';
import { missedCallsTab } from './missed-calls.js';
import { repliesTab } from './replies.js';
import { rlaTab } from './rla.js';
import { rulesTab } from './rules.js';
import { scheduleTab } from './schedule.js';
import { ticketsTab } from './tickets.js';

/** @type {readonly import('../state.js').Tab[]} */
export const TABS = [
  repliesTab,
  scheduleTab,
  callFlowTab,
  flowTab,
  missedCallsTab,
  rlaTab,
  inboxTab,
  ticketsTab,
  rulesTab,
  historyTab,
];
