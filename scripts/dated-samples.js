'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** The newest plan year in samples/ (the 2024 reports' 2025年工作安排). */
const SAMPLES_NEWEST_PLAN_YEAR = 2025;

/**
 * The sample reports with every year moved so the newest plan is this year's (from July, next
 * year's): a newcomer's first screen then has last year's promises overdue, this year's due in
 * the coming months and a few due within weeks, instead of every deadline years in the past.
 * The samples themselves are left as they are (the tests read them). Used by the demo and by the
 * browser test that takes the README's first-screen screenshot.
 */
function datedSampleTexts(root, now = new Date()) {
  const planYear = now.getFullYear() + (now.getMonth() >= 6 ? 1 : 0);
  const shift = planYear - SAMPLES_NEWEST_PLAN_YEAR;
  const move = (text) => text.replace(/(?<!\d)(20\d\d)(?!\d)/g, (y) => String(Number(y) + shift));
  const samples = fs
    .readdirSync(path.join(root, 'samples'))
    .sort()
    .map((name) => ({ name: move(name), text: move(fs.readFileSync(path.join(root, 'samples', name), 'utf8')) }));
  return { planYear, samples };
}

module.exports = { datedSampleTexts };
