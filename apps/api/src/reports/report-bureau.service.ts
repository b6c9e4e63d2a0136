import { Injectable } from '@nestjs/common';
import { BureauRepository, type Bureau } from '@luoshi/db';
import type { ReportMetadata } from '@luoshi/report-parser';
import { bureauClearlyDiffers } from '@luoshi/text';
import type { Actor } from '../auth/actor.types';
import { ApiError } from '../common/api-error';
import type { BureauMismatchDto, ReportUploadDto } from './report.dto';

/** Where a report would be filed: under `bureau`, or (`creates`) under a new bureau below it. */
interface Placement {
  bureau: Bureau;
  creates: boolean;
}

/**
 * Which bureau a report names, where it would be filed for this person, and whether the two clearly
 * differ (a report of 赣州市司法局 filed as 杭州市西湖区司法局's plan). The name comparison itself is
 * pure (libs/text bureauClearlyDiffers); this reads the bureaus it compares.
 */
@Injectable()
export class ReportBureauService {
  constructor(private readonly bureaus: BureauRepository) {}

  /** The existing bureau the report names (by name or alias), as uploads have always matched it. */
  named(report: ReportMetadata): Promise<Bureau | null> {
    return report.bureau ? this.bureaus.findByNameOrAlias(report.bureau) : Promise.resolve(null);
  }

  /**
   * Where the report goes when nobody chooses otherwise: the bureau given, the staff member's own,
   * the bureau it names, or else a new bureau under the parent given or the uploader's bureau
   * (admins without a parent create it at the top, under nothing: null).
   */
  private async placement(actor: Actor, fields: ReportUploadDto, named: Bureau | null): Promise<Placement | null> {
    if (fields.bureauId !== undefined) {
      const chosen = await this.bureaus.findById(fields.bureauId);
      return chosen ? { bureau: chosen, creates: false } : null;
    }
    if (actor.role === 'staff') {
      const own = actor.bureauId === null ? null : await this.bureaus.findById(actor.bureauId);
      return own ? { bureau: own, creates: false } : null;
    }
    if (named) return { bureau: named, creates: false };
    const parentId = fields.parentBureauId ?? (actor.role === 'admin' ? null : actor.bureauId);
    const parent = parentId === null ? null : await this.bureaus.findById(parentId);
    return parent ? { bureau: parent, creates: true } : null;
  }

  /**
   * The mismatch between the bureau a report names and where it would be filed, or null when the
   * report names none, names that bureau, one above or below it in places or in the hierarchy, or
   * no place at all.
   */
  async mismatch(actor: Actor, fields: ReportUploadDto, report: ReportMetadata): Promise<BureauMismatchDto | null> {
    if (!report.bureau) return null;
    const named = await this.named(report);
    const placement = await this.placement(actor, fields, named);
    if (!placement || placement.bureau.id === named?.id) return null;
    const parsed = { name: report.bureau, region: report.region, aliases: report.publisher ? [report.publisher] : [] };
    // Most reports are their uploader's: the bureau itself settles it without reading the hierarchy.
    if (!bureauClearlyDiffers(parsed, placement.bureau)) return null;
    const lineage = await this.bureaus.lineage(placement.bureau.id);
    if (named && [...lineage.ancestors, ...lineage.descendants].some((b) => b.id === named.id)) return null;
    if (!bureauClearlyDiffers(parsed, placement.bureau, lineage)) return null;
    const own = actor.bureauId === null ? null : await this.bureaus.findById(actor.bureauId);
    return {
      parsedBureau: report.bureau,
      uploaderBureau: own?.name ?? null,
      filedUnder: { id: placement.bureau.id, name: placement.bureau.name },
      createsBureau: placement.creates,
      matchedBureau: named ? { id: named.id, name: named.name } : null,
    };
  }

  /**
   * Refuses to file a report under a bureau it clearly is not by (409 BUREAU_MISMATCH) unless the
   * upload confirms it (`confirmBureau`) or names the bureau (`bureauId`, checked by the caller).
   */
  async refuseSilentMismatch(actor: Actor, fields: ReportUploadDto, report: ReportMetadata): Promise<void> {
    if (fields.confirmBureau === true || fields.bureauId !== undefined) return;
    const mismatch = await this.mismatch(actor, fields, report);
    if (mismatch) throw bureauMismatch(mismatch);
  }
}

function bureauMismatch(m: BureauMismatchDto): ApiError {
  const target = m.createsBureau ? `a new bureau under ${m.filedUnder.name}` : m.filedUnder.name;
  const targetZh = m.createsBureau ? `“${m.filedUnder.name}”下新建的单位` : `“${m.filedUnder.name}”`;
  return new ApiError(
    409,
    'BUREAU_MISMATCH',
    `The report is by ${m.parsedBureau}, but would be filed under ${target}. ` +
      'Send confirmBureau: true if it is that bureau’s report after all, or choose its bureau with bureauId',
    `该报告的单位为“${m.parsedBureau}”，与将要归入的${targetZh}不一致。` +
      '如确为该单位的报告，请勾选确认（confirmBureau）；否则请选择报告所属单位（bureauId）',
  );
}
