import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Bureau, BureauMergeResult, BureauUsage } from '../api/types';
import { useAuth } from '../auth/auth';
import { ErrorBox, Loading } from '../components/ui';
import { AdminNav } from '../components/AdminNav';

type Mode = 'rename' | 'move' | 'merge';

/** The bureaus in hierarchy order (each under its parent), with their depth; orphans of a hidden parent start a tree. */
function treeOrder(bureaus: Bureau[]): Array<{ bureau: Bureau; depth: number }> {
  const ids = new Set(bureaus.map((b) => b.id));
  const children = new Map<number | null, Bureau[]>();
  for (const b of bureaus) {
    const parent = b.parentId !== null && ids.has(b.parentId) ? b.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), b]);
  }
  const out: Array<{ bureau: Bureau; depth: number }> = [];
  const seen = new Set<number>();
  const walk = (parent: number | null, depth: number) => {
    for (const b of (children.get(parent) ?? []).sort((x, y) => x.name.localeCompare(y.name, 'zh-CN'))) {
      if (seen.has(b.id)) continue;
      seen.add(b.id);
      out.push({ bureau: b, depth });
      walk(b.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/**
 * 单位管理 (admins; supervisors within their subtree): the hierarchy as an indented table; rename a
 * bureau, move it under another, or (admins) merge a duplicate an upload created into the bureau
 * that stays, after seeing what it would move.
 */
export function BureausPage() {
  const { t } = useTranslation();
  const { me, bureaus, bureauName } = useAuth();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<{ id: number; mode: Mode } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const rows = useMemo(() => treeOrder(bureaus), [bureaus]);
  const isAdmin = me?.role === 'admin';
  const selected = open ? bureaus.find((b) => b.id === open.id) : undefined;

  const done = async (message: string) => {
    setNotice(message);
    setOpen(null);
    await queryClient.invalidateQueries({ queryKey: ['bureaus'] });
  };
  const update = useMutation({
    mutationFn: ({ id, ...json }: { id: number; name?: string; parentId?: number | null }) =>
      api<Bureau>(`/api/bureaus/${id}`, { method: 'PATCH', json }),
    onSuccess: () => done(t('admin.bureaus.saved')),
  });
  const choose = (id: number, mode: Mode) => {
    update.reset();
    setNotice(null);
    setOpen({ id, mode });
  };

  return (
    <section aria-labelledby="bureaus-title">
      <AdminNav />
      <h1 id="bureaus-title">{t('admin.bureaus.title')}</h1>
      <p className="muted">{t('admin.bureaus.help')}</p>
      {bureaus.length === 0 && <Loading />}
      {notice && <p role="status">{notice}</p>}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('admin.bureaus.name')}</th>
              <th scope="col">{t('admin.bureaus.parent')}</th>
              <th scope="col">{t('admin.bureaus.aliases')}</th>
              <th scope="col">{t('admin.bureaus.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ bureau: b, depth }) => (
              <tr key={b.id}>
                <th
                  scope="row"
                  style={{ paddingLeft: `${0.55 + depth * 1.4}rem`, fontWeight: depth === 0 ? 700 : 400 }}
                >
                  {b.name}
                </th>
                <td>{b.parentId === null ? t('admin.bureaus.top') : bureauName(b.parentId)}</td>
                <td>{b.aliases.join('、') || '—'}</td>
                <td>
                  <button type="button" className="ghost" onClick={() => choose(b.id, 'rename')}>
                    {t('admin.bureaus.rename')}
                    <span className="sr-only"> {b.name}</span>
                  </button>{' '}
                  {(isAdmin || b.id !== me?.bureauId) && (
                    <button type="button" className="ghost" onClick={() => choose(b.id, 'move')}>
                      {t('admin.bureaus.move')}
                      <span className="sr-only"> {b.name}</span>
                    </button>
                  )}{' '}
                  {isAdmin && (
                    <button type="button" className="ghost" onClick={() => choose(b.id, 'merge')}>
                      {t('admin.bureaus.merge')}
                      <span className="sr-only"> {b.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {open && selected && open.mode === 'rename' && (
        <form
          className="card stack"
          aria-label={`${t('admin.bureaus.rename')} ${selected.name}`}
          onSubmit={(event: FormEvent<HTMLFormElement>) => {
            event.preventDefault();
            const name = String(new FormData(event.currentTarget).get('name') ?? '').trim();
            update.mutate({ id: selected.id, name });
          }}
        >
          <label htmlFor="bureau-name">{t('admin.bureaus.renameOf', { name: selected.name })}</label>
          <input
            id="bureau-name"
            name="name"
            defaultValue={selected.name}
            required
            minLength={2}
            maxLength={200}
            autoFocus
          />
          <Actions pending={update.isPending} onCancel={() => setOpen(null)} />
          <ErrorBox error={update.error} />
        </form>
      )}
      {open && selected && open.mode === 'move' && (
        <form
          className="card stack"
          aria-label={`${t('admin.bureaus.move')} ${selected.name}`}
          onSubmit={(event: FormEvent<HTMLFormElement>) => {
            event.preventDefault();
            const parent = String(new FormData(event.currentTarget).get('parentId') ?? '');
            update.mutate({ id: selected.id, parentId: parent === '' ? null : Number(parent) });
          }}
        >
          <label htmlFor="bureau-parent">{t('admin.bureaus.parentOf', { name: selected.name })}</label>
          <select id="bureau-parent" name="parentId" defaultValue={selected.parentId ?? ''} autoFocus>
            {isAdmin && <option value="">{t('admin.bureaus.top')}</option>}
            {rows
              .filter(({ bureau }) => bureau.id !== selected.id)
              .map(({ bureau, depth }) => (
                <option key={bureau.id} value={bureau.id}>
                  {'\u3000'.repeat(depth)}
                  {bureau.name}
                </option>
              ))}
          </select>
          <Actions pending={update.isPending} onCancel={() => setOpen(null)} />
          <ErrorBox error={update.error} />
        </form>
      )}
      {open && selected && open.mode === 'merge' && (
        <MergeForm
          key={selected.id}
          source={selected}
          candidates={rows.map((r) => r.bureau).filter((b) => b.id !== selected.id)}
          onCancel={() => setOpen(null)}
          onMerged={(result) => done(t('admin.bureaus.merged', { target: result.bureau.name }))}
        />
      )}
    </section>
  );
}

function Actions({ pending, onCancel }: { pending: boolean; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <div>
      <button type="submit" className="primary" disabled={pending}>
        {t('admin.bureaus.save')}
      </button>{' '}
      <button type="button" className="ghost" onClick={onCancel}>
        {t('admin.bureaus.cancel')}
      </button>
    </div>
  );
}

/** Choose the bureau that stays, see what the duplicate holds, then confirm. */
function MergeForm({
  source,
  candidates,
  onCancel,
  onMerged,
}: {
  source: Bureau;
  candidates: Bureau[];
  onCancel: () => void;
  onMerged: (result: BureauMergeResult) => void;
}) {
  const { t } = useTranslation();
  const [intoId, setIntoId] = useState<number | null>(null);
  const usage = useQuery({
    queryKey: ['bureau-usage', source.id],
    queryFn: () => api<BureauUsage>(`/api/bureaus/${source.id}/usage`),
  });
  const merge = useMutation({
    mutationFn: (target: number) =>
      api<BureauMergeResult>(`/api/bureaus/${source.id}/merge`, { method: 'POST', json: { intoId: target } }),
    onSuccess: onMerged,
  });
  const target = candidates.find((b) => b.id === intoId);
  return (
    <form
      className="card stack"
      aria-label={`${t('admin.bureaus.merge')} ${source.name}`}
      onSubmit={(event: FormEvent<HTMLFormElement>) => {
        event.preventDefault();
        if (intoId !== null) merge.mutate(intoId);
      }}
    >
      <label htmlFor="merge-into">{t('admin.bureaus.mergeInto', { name: source.name })}</label>
      <select
        id="merge-into"
        value={intoId ?? ''}
        onChange={(e) => setIntoId(e.target.value === '' ? null : Number(e.target.value))}
        required
        autoFocus
      >
        <option value="">—</option>
        {candidates.map((b) => (
          <option key={b.id} value={b.id}>
            {b.name}
          </option>
        ))}
      </select>
      {usage.isLoading && <Loading />}
      <ErrorBox error={usage.error} />
      {usage.data && <p data-testid="bureau-usage">{t('admin.bureaus.usage', { name: source.name, ...usage.data })}</p>}
      {target && (
        <p role="alert" className="error">
          {t('admin.bureaus.confirmMerge', { name: source.name, target: target.name })}
        </p>
      )}
      <div>
        <button type="submit" className="primary" disabled={!target || merge.isPending}>
          {t('admin.bureaus.confirmButton')}
        </button>{' '}
        <button type="button" className="ghost" onClick={onCancel}>
          {t('admin.bureaus.cancel')}
        </button>
      </div>
      <ErrorBox error={merge.error} />
    </form>
  );
}
