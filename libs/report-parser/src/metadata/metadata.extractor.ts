import type { Line, ReportDocument } from '../input/document';
import type { MetadataOverrides, ReportMetadata } from '../parser.types';
import type { SectionLayout } from '../sections/sections.extractor';
import {
  bureauPrefix,
  completePlace,
  findPlaceMentions,
  formatRegion,
  guessPlace,
  provinceByShortName,
  splitPlacePrefix,
  type Place,
  type PlaceMentions,
} from './gazetteer';
import { firstYear, parseDate } from './years.util';

/** How issuing bodies' names end: 司法局, 人民政府, 街道办事处, and the 馆/院/中心/办/队 of smaller departments. */
const ORG_SUFFIX = /(司法局|司法厅|人民政府|政府|委员会|办公室|办事处|局|厅|分局|部|委|办|馆|院|中心|队|所|站)$/;
/** Bodies that publish reports: 司法局 and every other 局, governments, 街道办事处. */
const ORG_MENTION =
  /(?:^|[,，。;；:：\s])([\u4e00-\u9fff]{0,12}?(司法局|司法厅|人民政府|街道办事处|公安分局|[\u4e00-\u9fff]{0,6}?(?:局|厅)|[\u4e00-\u9fff]{2,8}部(?=坚持|始终|深入|认真|全面|围绕|聚焦|持续|扎实|以)))(?!的(坚强|正确|有力|精心)?(领导|指导)|长|党)/g;
/** One issuing body of a joint title: 中共X市委 | X市人民政府 | X县司法局. */
const ORG_UNIT = /.+?(委员会|人民政府|政府|办事处|司法局|司法厅|分局|局|厅|委)(?=$|中共|[\u4e00-\u9fff]{2,})/g;
/** A government that names only its place as the actor (2024年,栖川区坚持…; 现将原山县2022年度…). */
const PLACE_ACTOR =
  /(?:^|[,，。;；\s]|现将)([\u4e00-\u9fff]{1,8}?(?:省|市|区|县|旗|镇|乡|街道|街(?!道)|自治区|自治州))(?:(?:省|市|区|县|州)?委[、,，]\s*(?:省|市|区|县|州)?(?:人民)?政府|(?:人民)?政府)?(?:坚持|始终|紧紧|深入|认真|全面|围绕|聚焦|持续|扎实|以|在|法治政府建设|(?:20\d\d|二〇..)年)/;
/** A province named by its short form as the actor (2024年,广东坚持…). */
const PROVINCE_ACTOR = /(?:^|[,，。;；\s])([\u4e00-\u9fff]{2,3})(?:坚持|始终|紧紧|深入|认真|全面|围绕|聚焦|持续|扎实)/;
/** A place name of its own (青禾县, 东城区) that the gazetteer may not know. */
const UNKNOWN_PLACE_START = /^[\u4e00-\u9fff]{1,8}?(省|市|区|县|旗|镇|乡|街道)/;
const TITLE_TAGS = /^[\s\-•·]*(?:(?:名\s*称|标\s*题)\s*[:：]\s*)?(?:[[【][^\]】]{1,20}[\]】]\s*)*/;
const PLACE_START = /^[\u4e00-\u9fff]{1,4}(省|市|区|县|旗|镇|乡|街道|街|自治区|自治州)/;
const PLACE_ONLY = /^[\u4e00-\u9fff]{1,8}(省|市|区|县|旗|镇|乡|街道)$/;
const LEAKED_LABEL =
  /(发文机关|发布机构|发文机构|发文单位|索引号|主题词|主题分类|组配分类|信息来源|来源|名称|标题|文号|发布日期|发布时间)\s*[:：]?\s*/g;
const HEADER_TITLE_KEYS = ['名称', '标题'];
const HEADER_PUBLISHER_KEYS = ['发布机构', '发文机关', '发文机构'];
const HEADER_DATE_KEYS = ['发布日期', '发文日期', '发布时间', '成文日期', '生成日期'];

export type ExtractedMetadata = Omit<ReportMetadata, 'encoding' | 'sections'>;

/**
 * Title, issuing body, region, years and publish date, from the title line or header table, the
 * opening paragraphs and the section headings — never from URLs or site banners.
 */
export function extractMetadata(doc: ReportDocument, lines: Line[], layout: SectionLayout): ExtractedMetadata {
  const titleParts = layout.titleLines.map((index) => lines.find((l) => l.index === index)!);
  const headerTitle = firstHeader(doc, HEADER_TITLE_KEYS);
  const rawTitle = titleParts.length > 0 ? titleParts.map((l) => l.text.trim()).join('') : (headerTitle ?? null);
  const rawNorm =
    titleParts.length > 0 ? titleParts.map((l) => l.norm.trim()).join('') : headerTitle ? fold(doc, headerTitle) : null;
  // Labels and tags some sites print before a title (- 标题:, 名 称:, [权威发布], 【2022年】, [X政发〔2026〕7号]).
  const tagged = rawNorm ? (TITLE_TAGS.exec(rawNorm)?.[0].length ?? 0) : 0;
  const title = rawTitle ? rawTitle.slice(tagged) || rawTitle : null;
  const titleNorm = rawNorm ? rawNorm.slice(tagged) || rawNorm : null;

  const publisher = cleanOrgName(firstHeader(doc, HEADER_PUBLISHER_KEYS)) ?? standaloneOrgLine(lines, layout);
  const dateValue = firstHeader(doc, HEADER_DATE_KEYS);
  const publishDate = dateValue ? parseDate(dateValue) : null;

  let scanned: PlaceMentions | undefined;
  const mentions = () => (scanned ??= findPlaceMentions(doc.norm));
  // The first paragraphs, past the title and any table rows of page metadata.
  const opening = lines.filter((l) => !layout.titleLines.includes(l.index) && !l.norm.includes('|')).slice(0, 6);
  const hint =
    bureauFromTitle(titleNorm) ??
    bureauFromSignature(lines.slice(layout.bodyEndLine)) ??
    bureauFromOpening(opening) ??
    (publisher ? { name: publisher, placeOnly: false } : null);
  const resolved = resolveBureau(hint, mentions);
  const bureau = cleanOrgName(resolved.bureau);
  const place = resolved.place;

  const plan = layout.sections.find((s) => s.kind === 'plan');
  const achievements = layout.sections.find((s) => s.kind === 'achievements');
  const problems = layout.sections.find((s) => s.kind === 'problems');
  // The opening paragraph: a sentence, not a heading, addressee, table row or occasion line ((2025年4月29日在…会议上)).
  const firstBody = opening.find(
    (l) =>
      !layout.sections.some((s) => s.start === l.start) &&
      !isAddressee(l.norm) &&
      /[，,。]/.test(l.norm) &&
      !l.norm.includes('|') &&
      !/^[(（]/.test(l.norm),
  );
  let reportYear =
    (titleNorm ? firstYear(titleNorm) : null) ??
    (achievements ? firstYear(achievements.heading) : null) ??
    (firstBody ? leadingYear(firstBody.norm) : null) ??
    reportSentenceYear(opening) ??
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
    if (layout.titleLines.includes(line.index)) continue;
    if (line.norm.length <= 20 && ORG_SUFFIX.test(line.norm) && !/[，,。]/.test(line.norm) && namesItsPlace(line.norm))
      return cleanOrgName(line.text);
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
  const issuer = about > 1 ? titleNorm.slice(0, about).trim() : '';
  if (issuer && ORG_SUFFIX.test(issuer)) return orgHint(issuer);
  // 2020年静海区法治政府建设情况报告: the place after the year is the government's.
  const yearFirst = /^(?:(?:19|20)\d\d|二〇..)年(?:度)?([\u4e00-\u9fff]{2,12}?)(?:法治|依法)/.exec(titleNorm);
  if (yearFirst) {
    const named = yearFirst[1];
    if (ORG_SUFFIX.test(named) && namesItsPlace(named)) return orgHint(named);
    const split = splitPlacePrefix(named);
    if ((split.rest === '' && (split.province || split.city || split.district)) || PLACE_ONLY.test(named))
      return { name: named, placeOnly: true };
  }
  const year = /(19|20)\d\d年|二〇/.exec(titleNorm);
  if (year && year.index > 1) {
    const prefix = titleNorm.slice(0, year.index).replace(/^关于|关于$|(公布|发布|印发)$/g, '');
    if (ORG_SUFFIX.test(prefix)) return orgHint(prefix);
    const split = splitPlacePrefix(prefix);
    if (split.rest === '' && (split.city || split.district || split.province)) return { name: prefix, placeOnly: true };
    if (PLACE_ONLY.test(prefix)) return { name: prefix, placeOnly: true };
  }
  return null;
}

/** The signature under the report (X县人民政府 / 2024年3月1日): the government or bureau that signs it. */
function bureauFromSignature(closing: Line[]): BureauHint | null {
  const names = closing
    .map((l) => l.norm.trim())
    .filter((n) => n.length <= 30 && ORG_SUFFIX.test(n) && !/[,，。:：;；]/.test(n));
  if (names.length === 0) return null;
  return orgHint(names.join(''));
}

/**
 * The body that acts in the opening paragraphs (…,衢江区司法局坚持…, 2024年,栖川区坚持…, 现将原山县
 * 2022年度…), skipping its superiors (在市司法局的指导下).
 */
function bureauFromOpening(opening: Line[]): BureauHint | null {
  for (const line of opening) {
    if (isAddressee(line.norm)) continue;
    ORG_MENTION.lastIndex = 0;
    for (let m = ORG_MENTION.exec(line.norm); m; m = ORG_MENTION.exec(line.norm)) {
      const name = m[1].replace(/^(今年来|今年以来|近年来|全年|一年来|过去一年|同时|现将|按照|根据)/, '');
      if (name.startsWith('在') || name.length < 3 || !namesItsPlace(name)) continue;
      return { name, placeOnly: false };
    }
    const actor = PLACE_ACTOR.exec(line.norm);
    if (actor && !/^(全|我|本|各|在)/.test(actor[1]) && namesItsPlace(actor[1]))
      return { name: actor[1], placeOnly: true };
    const province = PROVINCE_ACTOR.exec(line.norm);
    const full = province ? provinceByShortName(province[1]) : null;
    if (full) return { name: full, placeOnly: true };
  }
  return null;
}

/**
 * A body mentioned in running text is an issuer only if its name starts with its place (X县公安局,
 * 区司法局; 生态环境部 for a ministry): "…律师作为分局", "贯彻落实局" and "纳入各县区卫体局" are clauses.
 */
function namesItsPlace(name: string): boolean {
  if (/部$/.test(name)) return !/(各|全|内部|本部)/.test(name);
  if (/(各|全|本|我|该|其|纳入|作为|由|和|及|与)/.test(name.slice(0, 4))) return false;
  const split = splitPlacePrefix(name);
  if (split.province || split.city || split.district) return true;
  return /^(区|县|市|省)/.test(name) || PLACE_START.test(name);
}

/** Joint issuers (中共X市委X市人民政府): the government or bureau among them, whose plan it is. */
function orgHint(names: string): BureauHint {
  const orgs = cleanOrgName(names)?.match(ORG_UNIT) ?? [names];
  const government = [...orgs].reverse().find((o) => /(政府|局|厅|办事处)$/.test(o));
  return { name: government ?? orgs[orgs.length - 1], placeOnly: false };
}

/** Page labels that leak into names (发文机关：X县司法局, 索引号…, 关于…) are never part of a bureau. */
export function cleanOrgName(name: string | null): string | null {
  if (!name) return null;
  let out = name.trim();
  const label = [...out.matchAll(LEAKED_LABEL)].pop();
  if (label) out = out.slice(label.index + label[0].length);
  out = out
    .replace(/^(关于|中共)?\s*/, (m) => (m.startsWith('中共') ? m : ''))
    .replace(/(关于.*)$/, '')
    .trim();
  out = out.replace(/[\s|]+/g, '');
  return out.length >= 2 ? out : null;
}

function resolveBureau(
  hint: BureauHint | null,
  mentions: () => PlaceMentions,
): { bureau: string | null; place: Place | null } {
  // Without an issuer no region is guessed: the most mentioned place of a text that names no issuer
  // is as often a passing mention (…部署和县委… read as 和县) as the report's own.
  if (!hint) return { bureau: null, place: null };
  const split = splitPlacePrefix(hint.name);
  let place: Place | null = null;
  if (split.province || split.city || split.district) {
    place = completePlace(split, mentions);
  } else if (!UNKNOWN_PLACE_START.test(split.rest) || /^(区|县|市|省)/.test(split.rest)) {
    // A body printed by level only (区司法局) takes the place the text mentions most; one that
    // names a place the gazetteer does not know (青禾县司法局, 栖霞镇) keeps its own name.
    const level = /^(区|县|市|省)(?!场)/.exec(split.rest)?.[1] as '区' | '县' | '市' | '省' | undefined;
    place = guessPlace(level ?? null, mentions);
    if (place && level) split.rest = split.rest.slice(1);
  }
  const ownName = (name: string) =>
    hint.placeOnly ? `${name.replace(/街$/, '街道')}${/街道?$/.test(name) ? '办事处' : '人民政府'}` : name;
  if (!place) return { bureau: ownName(hint.name), place: null };
  const org = hint.placeOnly ? ownName(split.rest) : split.rest;
  return { bureau: `${bureauPrefix(place)}${org}`, place };
}

/** An addressee line (省政府、市委、市人大：) opens some reports in place of a title. */
function isAddressee(norm: string): boolean {
  return /[:：]\s*$/.test(norm) && norm.length <= 60 && !/[。，,]/.test(norm);
}

/** 现将2023年度法治政府建设情况报告如下: the year a report without a title is about. */
function reportSentenceYear(opening: Line[]): number | null {
  for (const line of opening) {
    const m =
      /现将.{0,40}?((?:19|20)\d\d|二〇[〇一二三四五六七八九]{2})年.{0,40}?(报告|汇报)(如下|予以公开|予以公布|公布如下)/.exec(
        line.norm,
      );
    if (m) return firstYear(m[0]);
  }
  return null;
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
