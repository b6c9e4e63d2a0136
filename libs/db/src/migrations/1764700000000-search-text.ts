import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { searchTextOf, taskSearchText } from '../search-text.util';

const BATCH = 500;

/**
 * Task search that folds traditional/simplified and full/half width (執法 finds 执法): a folded,
 * lower-cased `searchText` beside each task (title, body, lead and co-units), progress note and
 * comment, filled here for the rows that exist (in batches, by id) and by the entities from now on.
 */
export class SearchText1764700000000 implements MigrationInterface {
  name = 'SearchText1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['plan_item', 'progress_update', 'comment'])
      await queryRunner.addColumn(table, new TableColumn({ name: 'searchText', type: 'text', isNullable: true }));
    const p = (n: number) => (queryRunner.connection.options.type === 'postgres' ? `$${n}` : '?');
    const fill = async (table: string, columns: string[], text: (row: Record<string, unknown>) => string | null) => {
      for (let after = 0; ;) {
        const rows: Array<Record<string, unknown>> = await queryRunner.query(
          `SELECT "id", ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}" WHERE "id" > ${p(1)} ORDER BY "id" LIMIT ${BATCH}`,
          [after],
        );
        if (rows.length === 0) return;
        for (const row of rows)
          await queryRunner.query(`UPDATE "${table}" SET "searchText" = ${p(1)} WHERE "id" = ${p(2)}`, [
            text(row),
            row.id,
          ]);
        after = Number(rows[rows.length - 1].id);
      }
    };
    const list = (value: unknown): string[] => {
      try {
        const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
        return Array.isArray(parsed) ? parsed.map(String) : [];
      } catch {
        return [];
      }
    };
    await fill('plan_item', ['title', 'body', 'owner', 'coOwners'], (r) =>
      taskSearchText({
        title: r.title as string,
        body: r.body as string,
        owner: r.owner as string | null,
        coOwners: list(r.coOwners),
      }),
    );
    await fill(
      'progress_update',
      ['note', 'attachmentName'],
      (r) => searchTextOf(r.note as string | null, r.attachmentName as string | null) || null,
    );
    await fill('comment', ['body'], (r) => searchTextOf(r.body as string) || null);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['comment', 'progress_update', 'plan_item']) await queryRunner.dropColumn(table, 'searchText');
  }
}
