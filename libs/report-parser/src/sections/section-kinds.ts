import type { SectionKind } from '../parser.types';

const DUTIES = /(第一责任人|主要负责人履行|主要负责人职责)/;
const PROBLEMS = /(存在(的)?(主要)?(问题|不足)|不足|差距|短板|困难和问题|问题和不足|薄弱环节)/;
const PLAN =
  /(安排|打算|计划|思路|工作要点|下一步|下步|下一年度|下年度|明年|努力方向|工作重点|重点工作|工作措施|主要任务|展望|目标任务|工作设想)/;
const ACHIEVEMENTS = /(举措|成效|成绩|总结|做法|开展情况|工作情况|进展|主要工作|取得)/;

export type HeadingKind = SectionKind | 'problems+plan';

/** What a section heading announces, or null when its words do not say. */
export function classifyHeading(norm: string): HeadingKind | null {
  if (DUTIES.test(norm)) return 'duties';
  const problems = PROBLEMS.test(norm);
  const plan = PLAN.test(norm) && !/(情况|成效)$/.test(norm);
  if (problems && plan) return 'problems+plan';
  if (problems) return 'problems';
  if (plan) return 'plan';
  if (ACHIEVEMENTS.test(norm)) return 'achievements';
  return null;
}

/** A paragraph that opens the plan inside a combined "problems and next steps" section. */
export const PLAN_OPENING =
  /^(下一步|下一阶段|下步|下阶段|明年|今后|新的一年|(20\d\d|二〇[〇一二三四五六七八九]{2})年(度)?[,，]?\s*(我|全|本|区|市|县|将))/;

/** A line that is a plan heading even without a top-level number (2024年工作安排, 下一步工作打算). */
export const STRONG_PLAN_HEADING =
  /^(\(?[一二三四五六七八九十\d]{1,3}[)、.]?\s*)?((20\d\d|二〇[〇一二三四五六七八九]{2})年(度)?|下一年度|下年度|下一步|下步|明年|今后)[^。]{0,24}(安排|计划|打算|思路|重点|要点|设想)$/;
