import type { Line, ReportDocument } from '../input/document';
import type { MetadataOverrides, ReportMetadata } from '../parser.types';
import type { SectionLayout } from '../sections/sections.extractor';
import {
  bureauPrefix,
  completePlace,
  findPlaceMentions,
  formatRegion,
  guessPlace,
  splitPlacePrefix,
  type Place,
  type PlaceMentions,
} from './gazetteer';
import { firstYear, parseDate } from './years.util';

const ORG_SUFFIX = /(司法局|司法厅|人民政府|政府|委员会|办公室|局|厅)$/;
const ORG_MENTION =
  /(?:^|[,，。;；:：\s])([\u4e00-\u9fff]{0,12}?(司法局|司法厅|人民政府))(?!的(坚强|正确|有力|精心)?(领导|指导))/g;
const HEADER_TITLE_KEYS = ['名称', '标题'];
const HEADER_PUBLISHER_KEYS = ['发布机构', '发文机关', '发文机构'];
const HEADER_DATE_KEYS = ['发布日期', '发文日期', '发布时间', '成文日期', '生成日期'];

export type ExtractedMetadata = Omit<ReportMetadata, 'encoding' | 'sections'>;

/**
 * Title, issuing body, region, years and publish date, from the title line or header table, the
 * opening paragraphs and the section headings — never from URLs or site banners.
 */
export function extractMetadata(doc: ReportDocument, lines: Line[], layout: SectionLayout): ExtractedMetadata {
  const titleFromLine = layout.titleLine === null ? null : lines.find((l) => l.index === layout.titleLine)!;
  const headerTitle = firstHeader(doc, HEADER_TITLE_KEYS);
  const title = titleFromLine?.text ?? headerTitle ?? null;
  const titleNorm = titleFromLine?.norm ?? (headerTitle ? fold(doc, headerTitle) : null);

  const publisher = firstHeader(doc, HEADER_PUBLISHER_KEYS) ?? standaloneOrgLine(lines, layout);
  const dateValue = firstHeader(doc, HEADER_DATE_KEYS);
  const publishDate = dateValue ? parseDate(dateValue) : null;

  let scanned: PlaceMentions | undefined;
  const mentions = () => (scanned ??= findPlaceMentions(doc.norm));
  const hint =
    bureauFromTitle(titleNorm) ??
    bureauFromOpening(lines, layout) ??
    (publisher ? { name: publisher, placeOnly: false } : null);
  const { bureau, place } = resolveBureau(hint, mentions);

  const plan = layout.sections.find((s) => s.kind === 'plan');
  const achievements = layout.sections.find((s) => s.kind === 'achievements');
  const problems = layout.sections.find((s) => s.kind === 'problems');
  const firstBody = lines.find(
    (l) => l.index !== layout.titleLine && !layout.sections.some((s) => s.start === l.start),
  );
  let reportYear =
    (titleNorm ? firstYear(titleNorm) : null) ??
    (achievements ? firstYear(achievements.heading) : null) ??
    (firstBody ? leadingYear(firstBody.norm) : null) ??
    (problems ? firstYear(problems.heading) : null);
  let planYear = plan ? planYearOf(plan.heading, lines[plan.contentLine]?.norm ?? '', reportYear) : null;
  if (reportYear === null && planYear !== null) reportYear = planYear - 1;
  if (planYear === null && reportYear !== null) planYear = reportYear + 1;
  return { title, bureau, publisher, region: place ? formatRegion(place) : null, reportYear, planYear, publishDate };
}

/** Uploader-supplied values win over what the text says. */
export function applyOverrides(found: ExtractedMetadata, overrides: MetadataOverrides | undefined): ExtractedMetadata {
  if (!overrides) return found;
  const out = { ...found };
  for (const key of Object.keys(overrides) as Array<keyof MetadataOverrides>) {
    const value = overrides[key];
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

function fold(doc: ReportDocument, value: string): string {
  // Header values come from the original text; find their folded twin by position.
  const at = doc.text.indexOf(value);
  return at === -1 ? value : doc.norm.slice(at, at + value.length);
}

function firstHeader(doc: ReportDocument, keys: string[]): string | null {
  for (const key of keys) {
    const value = doc.header.get(key);
    if (value) return value;
  }
  return null;
}

/** A short line before the title that is just an organisation's name (城区司法局). */
function standaloneOrgLine(lines: Line[], layout: SectionLayout): string | null {
  const limit = layout.titleLine ?? lines[0]?.index ?? 0;
  for (const line of lines) {
    if (line.index > limit) break;
    if (line.norm.length <= 20 && ORG_SUFFIX.test(line.norm) && !/[，,。]/.test(line.norm)) return line.text;
  }
  return null;
}

interface BureauHint {
  name: string;
  /** The title names a place (晋城市城区…报告): the report is that place's government's. */
  placeOnly: boolean;
}

function bureauFromTitle(titleNorm: string | null): BureauHint | null {
  if (!titleNorm) return null;
  const about = titleNorm.indexOf('关于');
  if (about > 1 && ORG_SUFFIX.test(titleNorm.slice(0, about)))
    return { name: titleNorm.slice(0, about), placeOnly: false };
  const year = /(19|20)\d\d年|二〇/.exec(titleNorm);
  if (year && year.index > 1) {
    const prefix = titleNorm.slice(0, year.index).replace(/关于$/, '');
    if (ORG_SUFFIX.test(prefix)) return { name: prefix, placeOnly: false };
    const split = splitPlacePrefix(prefix);
    if (split.rest === '' && (split.city || split.district || split.province)) return { name: prefix, placeOnly: true };
  }
  return null;
}

/** The body that acts in the opening paragraphs (…,衢江区司法局坚持…), skipping its superiors (在市司法局的指导下). */
function bureauFromOpening(lines: Line[], layout: SectionLayout): BureauHint | null {
  const candidates = lines.filter((l) => l.index !== layout.titleLine).slice(0, 6);
  for (const line of candidates) {
    ORG_MENTION.lastIndex = 0;
    for (let m = ORG_MENTION.exec(line.norm); m; m = ORG_MENTION.exec(line.norm)) {
      const name = m[1].replace(/^(今年来|今年以来|近年来|全年|一年来|过去一年|同时)/, '');
      if (name.startsWith('在') || name.length < 3) continue;
      return { name, placeOnly: false };
    }
  }
  return null;
}

function resolveBureau(
  hint: BureauHint | null,
  mentions: () => PlaceMentions,
): { bureau: string | null; place: Place | null } {
  if (!hint) {
    const place = guessPlace(null, mentions);
    return { bureau: null, place };
  }
  const split = splitPlacePrefix(hint.name);
  let place: Place | null = null;
  if (split.province || split.city || split.district) {
    place = completePlace(split, mentions);
  } else {
    const level = /^(区|县|市|省)/.exec(split.rest)?.[1] as '区' | '县' | '市' | '省' | undefined;
    place = guessPlace(level ?? null, mentions);
    if (place && level) split.rest = split.rest.slice(1);
  }
  if (!place) return { bureau: hint.placeOnly ? `${hint.name}人民政府` : hint.name, place: null };
  const org = hint.placeOnly ? '人民政府' : split.rest;
  return { bureau: `${bureauPrefix(place)}${org}`, place };
}

/** A year at the very start of the opening paragraph (2024年,在区委…). */
function leadingYear(norm: string): number | null {
  return /^(19|20)\d\d年/.test(norm) ? firstYear(norm) : null;
}

function planYearOf(heading: string, firstPlanLine: string, reportYear: number | null): number | null {
  const inHeading = /(下一年度|下年度|明年)/.test(heading) ? null : firstYear(heading);
  if (inHeading !== null && (reportYear === null || inHeading > reportYear)) return inHeading;
  const opening = leadingYear(firstPlanLine);
  if (opening !== null && (reportYear === null || opening > reportYear)) return opening;
  return reportYear === null ? null : reportYear + 1;
}
