import escapeHtml from 'escape-html';

export type MuteState = { kind: 'active' } | { kind: 'muted' } | { kind: 'snoozed'; until: string };

function stateZh(state: MuteState): string {
  switch (state.kind) {
    case 'muted':
      return '已停止提醒';
    case 'snoozed':
      return `已暂停提醒，${state.until} 起恢复`;
    default:
      return '正在提醒';
  }
}

function page(title: string, body: string): string {
  return (
    `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(title)} · 落实</title></head><body style="font-family:sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem">${body}</body></html>`
  );
}

/**
 * The page behind an e-mail's "stop reminding me" link: it says what the link will do and asks
 * for a click, since mail scanners open every link they see (a GET must change nothing).
 */
export function muteConfirmPage(token: string, taskTitle: string, state: MuteState): string {
  const button = (action: string, label: string) =>
    `<button type="submit" name="action" value="${action}" style="margin:0 .5rem .5rem 0;padding:.5rem 1rem">${label}</button>`;
  return page(
    '任务提醒设置',
    `<h1 style="font-size:1.25rem">任务提醒设置</h1><p>任务：<strong>${escapeHtml(taskTitle)}</strong></p><p>当前状态：${stateZh(state)}</p>` +
      `<form method="post" action="mute"><input type="hidden" name="token" value="${escapeHtml(token)}">` +
      `${button('mute', '停止提醒此任务')}${button('snooze', '暂停提醒7天')}${button('unmute', '恢复提醒')}</form>`,
  );
}

/** What the page says after the click. */
export function muteDonePage(taskTitle: string, state: MuteState): string {
  return page(
    '提醒设置已更新',
    `<h1 style="font-size:1.25rem">提醒设置已更新</h1><p>任务：<strong>${escapeHtml(taskTitle)}</strong></p><p>${stateZh(state)}。</p>`,
  );
}
