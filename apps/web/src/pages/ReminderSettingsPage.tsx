import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiAll } from '../api/client';
import type { Channel, ChannelMode, ChannelPlatform, Preferences } from '../api/types';
import { useAuth } from '../auth/auth';
import { ErrorBox, Loading } from '../components/ui';

const PLATFORMS: ChannelPlatform[] = ['dingtalk', 'wecom', 'feishu', 'webhook'];
const MODES: ChannelMode[] = ['each', 'digest', 'off'];

/**
 * 提醒设置: how the signed-in person is reminded — e-mail each/digest/off, quiet hours (免打扰) —
 * and the chat channels they see: their own robots and their bureaus' group robots (kept by
 * supervisors and admins), each with a test button.
 */
export function ReminderSettingsPage() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <EmailPreferences />
      <Channels />
    </section>
  );
}

function EmailPreferences() {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: ['preferences'], queryFn: () => api<Preferences>('/api/reminders/preferences') });
  const [mode, setMode] = useState<Preferences['reminderMode']>('each');
  const [optIn, setOptIn] = useState(true);
  const [quiet, setQuiet] = useState(false);
  const [from, setFrom] = useState('12:00');
  const [to, setTo] = useState('14:00');
  useEffect(() => {
    if (!query.data) return;
    setMode(query.data.reminderMode);
    setOptIn(query.data.remindersOptIn);
    setQuiet(query.data.quietHours !== null);
    if (query.data.quietHours) {
      setFrom(query.data.quietHours.from);
      setTo(query.data.quietHours.to);
    }
  }, [query.data]);
  const save = useMutation({
    mutationFn: () =>
      api<Preferences>('/api/reminders/preferences', {
        method: 'PUT',
        json: { reminderMode: mode, remindersOptIn: optIn, quietHours: quiet ? { from, to } : null },
      }),
    onSuccess: () => query.refetch(),
  });
  if (query.isLoading) return <Loading />;
  return (
    <form
      className="card"
      aria-labelledby="email-prefs"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h2 id="email-prefs">{t('settings.email')}</h2>
      <ErrorBox error={query.error} onRetry={() => query.refetch()} />
      <fieldset>
        <legend>{t('settings.emailMode')}</legend>
        {(['each', 'digest', 'off'] as const).map((m) => (
          <label key={m} className="inline">
            <input type="radio" name="reminderMode" value={m} checked={mode === m} onChange={() => setMode(m)} />{' '}
            {t(`settings.modes.${m}`)}
          </label>
        ))}
      </fieldset>
      <label className="block">
        <input type="checkbox" checked={optIn} onChange={(e) => setOptIn(e.target.checked)} /> {t('settings.optIn')}
      </label>
      <fieldset>
        <legend>{t('settings.quiet')}</legend>
        <label className="block">
          <input type="checkbox" checked={quiet} onChange={(e) => setQuiet(e.target.checked)} /> {t('settings.quietOn')}
        </label>
        <label className="inline">
          {t('settings.quietFrom')}{' '}
          <input type="time" value={from} disabled={!quiet} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label className="inline">
          {t('settings.quietTo')}{' '}
          <input type="time" value={to} disabled={!quiet} onChange={(e) => setTo(e.target.value)} />
        </label>
        <p className="muted">{t('settings.quietHelp')}</p>
      </fieldset>
      <button type="submit" disabled={save.isPending}>
        {t('common.save')}
      </button>
      {save.isSuccess && <span role="status"> {t('settings.saved')}</span>}
      <ErrorBox error={save.error} />
    </form>
  );
}

function Channels() {
  const { t } = useTranslation();
  const { me, bureaus, bureauName } = useAuth();
  const query = useQuery({ queryKey: ['channels'], queryFn: () => apiAll<Channel>('/api/channels') });
  const [result, setResult] = useState<{ id: number; text: string; ok: boolean } | null>(null);
  const change = useMutation({
    mutationFn: ({ id, mode }: { id: number; mode: ChannelMode }) =>
      api<Channel>(`/api/channels/${id}`, { method: 'PATCH', json: { mode } }),
    onSuccess: () => query.refetch(),
  });
  const remove = useMutation({
    mutationFn: (id: number) => api<void>(`/api/channels/${id}`, { method: 'DELETE' }),
    onSuccess: () => query.refetch(),
  });
  const test = useMutation({
    mutationFn: (id: number) =>
      api<{ delivered: boolean; messageZh: string }>(`/api/channels/${id}/test`, { method: 'POST', json: {} }),
    onSuccess: (res, id) => setResult({ id, text: res.messageZh, ok: true }),
    onError: (err, id) => setResult({ id, text: (err as { messageZh?: string }).messageZh ?? String(err), ok: false }),
  });
  const channels = query.data ?? [];
  return (
    <section className="card" aria-labelledby="channels-title">
      <h2 id="channels-title">{t('settings.channels')}</h2>
      <p className="muted">{t('settings.channelsHelp')}</p>
      {query.isLoading && <Loading />}
      <ErrorBox error={query.error} onRetry={() => query.refetch()} />
      {channels.length === 0 && !query.isLoading ? (
        <p className="muted">{t('settings.noChannels')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('settings.name')}</th>
              <th scope="col">{t('settings.platform')}</th>
              <th scope="col">{t('settings.scope')}</th>
              <th scope="col">{t('settings.url')}</th>
              <th scope="col">{t('settings.mode')}</th>
              <th scope="col">{t('settings.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {channels.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td>{c.platformLabel}</td>
                <td>{c.scope === 'personal' ? t('settings.personal') : bureauName(c.bureauId ?? 0)}</td>
                <td>
                  <code>{c.urlMasked}</code>
                </td>
                <td>
                  {c.canManage ? (
                    <select
                      aria-label={t('settings.modeOf', { name: c.name })}
                      value={c.mode}
                      onChange={(e) => change.mutate({ id: c.id, mode: e.target.value as ChannelMode })}
                    >
                      {MODES.map((m) => (
                        <option key={m} value={m}>
                          {t(`settings.channelModes.${m}`)}
                        </option>
                      ))}
                    </select>
                  ) : (
                    t(`settings.channelModes.${c.mode}`)
                  )}
                </td>
                <td>
                  {c.canManage && (
                    <>
                      <button type="button" onClick={() => test.mutate(c.id)} disabled={test.isPending}>
                        {t('settings.test')}
                      </button>{' '}
                      <button
                        type="button"
                        className="ghost"
                        onClick={() => {
                          if (window.confirm(t('settings.confirmDelete', { name: c.name }))) remove.mutate(c.id);
                        }}
                      >
                        {t('settings.delete')}
                      </button>
                    </>
                  )}
                  {result?.id === c.id && (
                    <span role="status" className={result.ok ? 'ok' : 'error-text'}>
                      {' '}
                      {result.text}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorBox error={change.error ?? remove.error} />
      <AddChannel
        canBureau={me?.role === 'admin' || me?.role === 'supervisor'}
        canWebhook={me?.role === 'admin'}
        bureaus={bureaus}
        onAdded={() => query.refetch()}
      />
    </section>
  );
}

function AddChannel(props: {
  canBureau: boolean;
  canWebhook: boolean;
  bureaus: Array<{ id: number; name: string }>;
  onAdded: () => void;
}) {
  const { t } = useTranslation();
  const [platform, setPlatform] = useState<ChannelPlatform>('dingtalk');
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [bureauId, setBureauId] = useState<number | ''>('');
  const [mode, setMode] = useState<ChannelMode>('each');
  const add = useMutation({
    mutationFn: () =>
      api<Channel>('/api/channels', {
        method: 'POST',
        json: {
          platform,
          name,
          url,
          ...(secret ? { secret } : {}),
          ...(bureauId !== '' ? { bureauId } : {}),
          mode,
        },
      }),
    onSuccess: () => {
      setName('');
      setUrl('');
      setSecret('');
      props.onAdded();
    },
  });
  return (
    <form
      aria-labelledby="add-channel"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate();
      }}
    >
      <h3 id="add-channel">{t('settings.add')}</h3>
      <label className="block">
        {t('settings.platform')}
        <select value={platform} onChange={(e) => setPlatform(e.target.value as ChannelPlatform)}>
          {PLATFORMS.filter((p) => p !== 'webhook' || props.canWebhook).map((p) => (
            <option key={p} value={p}>
              {t(`settings.platforms.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="block">
        {t('settings.name')}
        <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="block">
        {t('settings.url')}
        <input
          required
          type="url"
          maxLength={2048}
          value={url}
          placeholder={t(`settings.urlExample.${platform}`)}
          onChange={(e) => setUrl(e.target.value)}
        />
      </label>
      {platform !== 'wecom' && (
        <label className="block">
          {t(`settings.secretLabel.${platform}`)}
          <input type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} />
        </label>
      )}
      {props.canBureau && (
        <label className="block">
          {t('settings.scope')}
          <select value={bureauId} onChange={(e) => setBureauId(e.target.value === '' ? '' : Number(e.target.value))}>
            <option value="">{t('settings.personal')}</option>
            {props.bureaus.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="block">
        {t('settings.mode')}
        <select value={mode} onChange={(e) => setMode(e.target.value as ChannelMode)}>
          {MODES.map((m) => (
            <option key={m} value={m}>
              {t(`settings.channelModes.${m}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={add.isPending}>
        {t('settings.addButton')}
      </button>
      {add.isSuccess && <span role="status"> {t('settings.added')}</span>}
      <ErrorBox error={add.error} />
    </form>
  );
}
