import type { Target, Verifiability } from '../parser.types';

const DELIVERABLE_DOC = /《[^》]{2,60}》/;
const DELIVERABLE_NAMED =
  /“[^”]{2,30}”[^,。;“]{0,10}?(平台|系统|中心|基地|品牌|工作站|工作室|样板|模式|机制|制度|清单|体系|工程|行动|活动)/;
const DELIVERABLE_NOUN =
  /(建成|建设|打造|出台|制定|印发|修订|上线|开发|建立)[^,。;]{0,12}(平台|系统|中心|基地|办法|规定|方案|细则|清单|指引|工作站|数据库)/;
const VAGUE =
  /(进一步|持续|不断|深入|积极|切实|全面|努力|大力|着力|扎实)(加强|深化|提升|推进|推动|完善|优化|提高|做好|抓好|强化|落实|营造|发挥)/;

/**
 * How checkable a promise is: an explicit deadline, a quantitative target and a named deliverable
 * each add to the score; a text that is only a vague pledge (进一步加强, 持续深化 …) scores 0.
 * Reasons carry the evidence so supervisors see why ("has_deadline: 2024-06-30").
 */
export function scoreVerifiability(norm: string, deadlines: string[], targets: Target[]): Verifiability {
  const reasons: string[] = [];
  let score = 0;
  if (deadlines.length > 0) {
    score += 35;
    reasons.push(`has_deadline: ${deadlines.join(', ')}`);
  }
  if (targets.length > 0) {
    score += 35;
    reasons.push(`has_target: ${targets.map((t) => `${t.metric} ${t.op} ${t.value}${t.unit ?? ''}`).join('; ')}`);
  }
  const deliverable = DELIVERABLE_DOC.exec(norm) ?? DELIVERABLE_NAMED.exec(norm) ?? DELIVERABLE_NOUN.exec(norm);
  if (deliverable) {
    score += 30;
    reasons.push(`names_deliverable: ${deliverable[0]}`);
  }
  if (score === 0) {
    const vague = VAGUE.exec(norm);
    if (vague) reasons.push(`vague_pledge: ${vague[0]}`);
    else {
      score = 15;
      reasons.push('concrete_but_unmeasured');
    }
  }
  return { score, reasons };
}
