import { Like, type Repository } from 'typeorm';
import { CalendarDay } from '../entities/calendar-day.entity';
import type { DbHandle } from './db-handle.types';

export type CalendarDayInput = Pick<CalendarDay, 'date' | 'working' | 'name'>;

/** The working-day calendar admins entered, year by year. */
export class CalendarRepository {
  private readonly days: Repository<CalendarDay>;

  constructor(db: DbHandle) {
    this.days = db.getRepository(CalendarDay);
  }

  all(): Promise<CalendarDay[]> {
    return this.days.find({ order: { date: 'ASC' } });
  }

  year(year: number): Promise<CalendarDay[]> {
    return this.days.find({ where: { date: Like(`${year}-%`) }, order: { date: 'ASC' } });
  }

  /** Replaces a year's days (run it in a unit of work with its audit record). */
  async replaceYear(year: number, days: CalendarDayInput[], updatedBy: number): Promise<void> {
    await this.days.delete({ date: Like(`${year}-%`) });
    if (days.length > 0) await this.days.insert(days.map((d) => ({ ...d, updatedBy })));
  }
}
