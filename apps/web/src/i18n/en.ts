import type { Dictionary } from './zh';

/** English UI strings (toggle in the header). */
export const en: Dictionary = {
  app: { name: 'luoshi', tagline: 'Follow-through of annual rule-of-law report plans', language: '中文', logout: 'Sign out', skip: 'Skip to main content' },
  nav: { tasks: 'My tasks', upload: 'Upload report', audit: 'Follow-through audit', calendar: 'Calendar', main: 'Main navigation' },
  role: { admin: 'Administrator', supervisor: 'Supervisor', staff: 'Bureau staff' },
  login: { title: 'Sign in', email: 'E-mail', password: 'Password', submit: 'Sign in', busy: 'Signing in…' },
  status: { planned: 'Planned', in_progress: 'In progress', blocked: 'Blocked', submitted: 'Awaiting closure', returned: 'Returned', closed: 'Closed', dropped: 'Dropped' },
  light: { green: 'On track', yellow: 'Due soon', red: 'Overdue', none: '—' },
  verdict: { evidenced: 'Evidenced', partial: 'Partial', not_found: 'Not found' },
  recurrence: { monthly: 'Monthly', quarterly: 'Quarterly', yearly: 'Yearly', weekly: 'Weekly', half_yearly: 'Half-yearly' },
  common: {
    loading: 'Loading…', save: 'Save', cancel: 'Cancel', none: 'None', all: 'All', reload: 'Reload', close: 'Close', page: 'Page {{page}} of {{pages}}',
    prev: 'Previous', next: 'Next', total: '{{count}} in all', error: 'Something went wrong', copy: 'Copy', copied: 'Copied', optional: 'optional',
  },
  tasks: {
    title: 'My tasks', list: 'List', board: 'Board', view: 'View', filters: 'Filters', bureau: 'Bureau (with sub-bureaus)', planYear: 'Plan year', status: 'Status',
    owner: 'Lead unit', overdue: 'Overdue only', search: 'Keyword', apply: 'Search', reset: 'Reset', path: 'No.', item: 'Item', due: 'Due',
    assignee: 'Assignee', light: 'Progress', select: 'Select', selectAll: 'Select page', bulkAssign: 'Assign selected to', assign: 'Assign', unassigned: 'Unassigned',
    assigned: '{{count}} assigned', exportCsv: 'Export CSV', exportXlsx: 'Export Excel', subscribe: 'Subscribe to calendar', subscribeHelp: 'Subscribe to this address in a calendar app (Outlook, phone calendar):',
    allTasks: 'All tasks', mine: 'Only those assigned to me', empty: 'No tasks match.', noDue: 'None', days: { left: '{{count}} days left', over: '{{count}} days overdue', today: 'Due today' },
  },
  task: {
    back: 'Back to tasks', source: 'Source: report #{{reportId}}, characters {{start}}–{{end}}', showSource: 'Show source', hideSource: 'Hide source', text: 'Text',
    actions: 'Actions', targets: 'Targets', coOwners: 'Co-owners', recurrence: 'Recurrence', originalDue: 'Original due date', children: 'Sub-items',
    move: 'Change status', to: 'Move to “{{status}}”', reason: 'Reason', evidence: 'Evidence of completion', confirm: 'Confirm', reasonNeeded: 'Please give a reason', evidenceNeeded: 'Please give the evidence',
    progress: 'Progress', addProgress: 'Record progress', percent: 'Percent done', note: 'Note', evidenceUrl: 'Evidence link', noProgress: 'No progress recorded yet.',
    comments: 'Comments', addComment: 'Add comment', comment: 'Comment', noComments: 'No comments yet.',
    reminders: 'Reminders', noReminders: 'No reminders sent yet.', kind: 'Kind', sendOn: 'Send on', attempts: 'Attempts', result: 'Result',
    reminderStatus: { pending: 'Pending', sent: 'Sent', failed: 'Failed', cancelled: 'Cancelled', folded: 'In digest' },
    reminderKind: { before: 'Before due', overdue: 'Overdue', escalation: 'Escalation', digest: 'Daily digest', annual_report: 'Annual report' },
    followup: 'Follow-up report', noEvidence: 'Not linked to a follow-up report yet.', score: 'Match', shortfall: 'Admitted as a shortfall', carriedOver: 'Planned again',
    target: 'Target', actual: 'Actual', met: 'Met', missed: 'Missed', unknown: 'Not stated', acceptEvidence: 'Use this evidence',
    conflict: 'Someone else changed this task (version conflict). Reload before acting again; your input was not sent.', saved: 'Saved', readOnly: 'You may view this task but not change it.',
    assignee: 'Assignee',
  },
  upload: {
    title: 'Upload report', paste: 'Paste text', file: 'Upload file', fileHelp: 'TXT or HTML, UTF-8 or GBK', text: 'Report text',
    preview: 'Preview the parse', previewing: 'Parsing…', result: 'Parse result', reportTitle: 'Title', bureau: 'Bureau', matched: 'Matched bureau: {{name}}',
    detectBureau: 'As the report names it', reportYear: 'Report year', planYear: 'Plan year', publishDate: 'Published', items: 'Plan ({{count}} items)',
    warnings: 'Notes', confirm: 'Confirm and create tasks', confirming: 'Saving…', created: 'Stored report #{{id}} with {{count}} tasks.', duplicate: 'This report was already uploaded (report #{{id}}); no tasks were created twice.',
    viewTasks: 'See these tasks', chooseInput: 'Paste the text or choose a file.', owner: 'Lead', deadline: 'Due', targets: 'Targets',
  },
  audit: {
    title: 'Follow-through audit', planYear: 'Plan year', bureau: 'Bureau (with sub-bureaus)', rate: 'Rate', commitments: 'Commitments', evidenced: 'Evidenced', partial: 'Partial',
    notFound: 'Not found', carriedOver: 'Carried over', shortfalls: 'Shortfalls', targetsMet: 'Targets met', targetsMissed: 'Targets missed', total: 'Total',
    drill: 'Details', chartRate: 'Follow-through rate by bureau', chartVerdicts: 'Verdicts', detail: '{{name}}: commitment by commitment', commitment: 'Commitment (prior report)',
    evidence: 'Evidence (follow-up report)', decision: 'Decision', confirmLink: 'Confirm', rejectLink: 'Reject', confirmed: 'Confirmed', rejected: 'Rejected',
    empty: 'Nothing to audit here yet (a plan year needs its report and the following year\'s).', scorecard: 'Open scorecard', noPassages: 'No matching passage',
  },
  calendar: { title: 'Calendar', help: 'Deadlines of the tasks. Click one to open it.', subscribe: 'Subscribe in a calendar app' },
  error: { notFound: 'Page not found', forbidden: 'You may not see this.' },
};
