import { foldText } from '@luoshi/text';
import { frameAction, namesOtherThingInFrame } from './frame-conflict.util';
import { canonical } from './synonyms.util';

const conflict = (action: string, passage: string) =>
  namesOtherThingInFrame(frameAction(foldText(action)), canonical(foldText(passage)));

describe(namesOtherThingInFrame.name, () => {
  it.each([
    ['制定《青禾县优化营商环境若干措施》', '出台《青禾县促进民营经济发展若干措施》，提出22条举措'],
    ['开展《劳动合同法》宣传月活动', '开展《社会保险法》宣传月活动，发放资料1.2万份'],
    ['开展“法治体检”进企业活动', '联合应急部门开展“安全体检”进企业活动'],
    ['建立药品安全风险会商机制', '建立特种设备安全风险会商机制，每季度研判一次'],
    ['建立人民调解员等级评定制度', '建立人民调解员专业培训制度，全年培训380人次'],
  ])('sees another thing in the same frame: %s / %s', (action, passage) => {
    expect(conflict(action, passage)).toBe(true);
  });

  it.each([
    ['制定《青禾县优化营商环境若干措施》', '出台《青禾县优化营商环境若干措施》，提出22条举措'],
    ['镇党委每半年听取一次法治建设工作汇报', '镇党委全年2次听取法治建设工作汇报'],
    ['全面落实农民工工资专用账户制度', '全面落实农民工工资专户、实名制管理、工资保证金等制度'],
    ['组织开展示范创建活动', '扎实推进示范创建工作，两县通过验收'],
    ['建立行政执法监督机制', '建立健全行政执法监督机制'],
  ])('does not object to the same thing said otherwise: %s / %s', (action, passage) => {
    expect(conflict(action, passage)).toBe(false);
  });
});
