import { ApiProperty } from '@nestjs/swagger';
import { LEDGER_FIELDS } from '@luoshi/tasks';

export class LedgerProblemDto {
  @ApiProperty({ nullable: true, enum: LEDGER_FIELDS, type: String }) field: string | null;
  @ApiProperty({
    enum: ['MISSING_TITLE', 'TOO_LONG', 'BAD_DATE', 'MISSING_LEAD', 'UNKNOWN_LEAD', 'FORMULA', 'UNSUPPORTED_CELL'],
  })
  code: string;
  @ApiProperty() message: string;
  @ApiProperty() messageZh: string;
}

export class LedgerRowDto {
  @ApiProperty({ description: 'Row number in the sheet, as a spreadsheet program shows it' }) row: number;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty({ description: 'Lead unit (牵头单位)' }) owner: string;
  @ApiProperty({ type: [String], description: 'Co-units (配合单位)' }) coOwners: string[];
  @ApiProperty({ nullable: true, type: String, example: '2026-06-30' }) dueDate: string | null;
  @ApiProperty({ description: 'Target (目标) as written' }) target: string;
  @ApiProperty({ type: [LedgerProblemDto], description: 'Why the row cannot be imported; empty when it can' })
  problems: LedgerProblemDto[];
}

export class LedgerPreviewDto {
  @ApiProperty({ description: 'The bureau the tasks would be filed under' }) bureauId: number;
  @ApiProperty({ type: [LedgerRowDto] }) rows: LedgerRowDto[];
  @ApiProperty() valid: number;
  @ApiProperty() invalid: number;
}

export class LedgerImportDto {
  @ApiProperty() bureauId: number;
  @ApiProperty({ description: 'Tasks created' }) created: number;
  @ApiProperty({ description: 'Rows left out for their problems (onlyValid)' }) skipped: number;
  @ApiProperty({ type: [Number] }) taskIds: number[];
}
