import { DataSource } from 'typeorm';
import { ActivityRepository } from '@luoshi/db';
import { setCalendarEntries } from '@luoshi/reminder-policy';
import { sweepReminders } from '@luoshi/reminders';
import { bootApiWorld, type ApiWorld } from './support/api-world';
import { databaseTargets } from './support/test-env';

/** 2099: a year no built-in holiday data will cover, so the fallback and the entries are tested whatever the date. */
const YEAR = 2099;
/** Thursday 1 January 2099, 10:00 in Shanghai: a working hour on a weekday, and 元旦. */
const NEW_YEAR_10AM = new Date('2099-01-01T02:00:00Z');

describe.each(databaseTargets())('the working-day calendar on %s', (target) => {
  let api: ApiWorld;

  beforeAll(async () => {
    api = await bootApiWorld(target, { REDIS_URL: 'redis://127.0.0.1:1' });
  });
  afterAll(async () => {
    setCalendarEntries([]);
    await api?.close();
  });

  it('says a year is missing, and reminders then fall back to Monday–Friday (元旦 counted as a working day)', async () => {
    const year = await api.as.admin.get(`/api/admin/calendar/${YEAR}`);
    expect(year).toMatchObject({ status: 200, body: { year: YEAR, source: 'missing', holidays: [], workdays: [] } });
    const sweep = await sweepReminders(api.app.get(DataSource), NEW_YEAR_10AM);
    expect(sweep).toMatchObject({ inWindow: true, calendarMissing: [YEAR] });
  });

  it('takes an admin’s holidays and make-up days for the year, audited, and reminders keep them', async () => {
    const saved = await api.as.admin.put(`/api/admin/calendar/${YEAR}`, {
      holidays: [
        { date: '2099-01-01', name: '元旦' },
        { date: '2099-01-02', name: '元旦' },
      ],
      workdays: [{ date: '2099-01-04', name: '元旦调休' }],
    });
    expect(saved).toMatchObject({
      status: 200,
      body: {
        source: 'entered',
        holidays: [
          { date: '2099-01-01', name: '元旦' },
          { date: '2099-01-02', name: '元旦' },
        ],
        workdays: [{ date: '2099-01-04', name: '元旦调休' }],
      },
    });
    // The worker reads the same rows before each sweep: on 元旦 nothing is planned, and the year is no longer missing.
    const sweep = await sweepReminders(api.app.get(DataSource), NEW_YEAR_10AM);
    expect(sweep).toMatchObject({ inWindow: false, calendarMissing: [] });
    const [audit] = await new ActivityRepository(api.app.get(DataSource)).auditOf('calendar', YEAR);
    expect(audit).toMatchObject({ action: 'calendar.update', actorId: api.world.users.admin.id, before: '[]' });
    expect(JSON.parse(audit.after!)).toHaveLength(3);
    // Replaced, not added to.
    const again = await api.as.admin.put(`/api/admin/calendar/${YEAR}`, {
      holidays: [{ date: '2099-01-01' }],
      workdays: [],
    });
    expect(again.body).toMatchObject({ holidays: [{ date: '2099-01-01', name: null }], workdays: [] });
  });

  it('refuses days of another year, impossible dates, a date twice, too many days and wrong shapes, changing nothing', async () => {
    const before = (await api.as.admin.get(`/api/admin/calendar/${YEAR}`)).body;
    for (const body of [
      { holidays: [{ date: '2098-12-31' }], workdays: [] },
      { holidays: [{ date: '2099-02-30' }], workdays: [] },
      { holidays: [{ date: '2099-05-01' }], workdays: [{ date: '2099-05-01' }] },
      {
        holidays: Array.from({ length: 61 }, (_, i) => ({ date: `2099-03-${String((i % 28) + 1).padStart(2, '0')}` })),
        workdays: [],
      },
      { holidays: '2099-01-01', workdays: [] },
      { holidays: [{ date: 20990101 }], workdays: [] },
      { holidays: [{ date: '2099-01-01', name: '元'.repeat(33) }], workdays: [] },
      { holidays: [], workdays: [], extra: true },
    ]) {
      const answer = await api.as.admin.put(`/api/admin/calendar/${YEAR}`, body);
      expect({ body, status: answer.status }).toEqual({ body, status: 400 });
      expect(answer.body).toMatchObject({ message: expect.any(String), messageZh: expect.any(String) });
    }
    for (const year of ['1999', '2101', 'abc'])
      await expect(api.as.admin.get(`/api/admin/calendar/${year}`)).resolves.toMatchObject({ status: 400 });
    await expect(api.as.admin.get(`/api/admin/calendar/${YEAR}`)).resolves.toMatchObject({ body: before });
  });

  it('is the admins’ only: staff and supervisors are refused, in both languages', async () => {
    for (const who of [api.as.staffA, api.as.staffB, api.as.supervisor]) {
      await expect(who.get(`/api/admin/calendar/${YEAR}`)).resolves.toMatchObject({
        status: 403,
        body: { messageZh: '仅管理员可维护工作日历' },
      });
      await expect(who.put(`/api/admin/calendar/${YEAR}`, { holidays: [], workdays: [] })).resolves.toMatchObject({
        status: 403,
      });
    }
    await expect(api.http.get(`/api/admin/calendar/${YEAR}`)).resolves.toMatchObject({ status: 401 });
  });

  it('reports the missing years in the health answer', async () => {
    const health = await api.as.admin.get('/api/health');
    expect(health.body).toMatchObject({ info: { calendar: { status: 'up', missingYears: expect.any(Array) } } });
  });
});
