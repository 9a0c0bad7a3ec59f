/**
 * Department table of the representative Zhejiang catalogue.
 *
 * Code scheme: `<REGION>-<ABBR>`
 *   REGION  ZJ (省级), HZ (杭州市), HZSC (上城区), HZXH (西湖区), HZYH (余杭区)
 *   ABBR    upper-case pinyin initials of the unit's customary short name
 *           (公安厅 GAT, 市场监管局 SCJGJ, 人力社保厅 RLSBT, 卫生健康委 WSJKW …).
 * Codes are stable: never renumber, only append.
 *
 * `index` (01–29) of a provider is also its 项 code in the 部门 class (3) of the
 * resource classification, so never reuse an index either.
 *
 * `orgKind` is the second character of the 统一社会信用代码 under registration authority
 * 1 (机构编制): 1 机关, 2 事业单位, 3 群团组织.
 */

export type DepartmentKind = 'PROVIDER' | 'CONSUMER' | 'PLATFORM';
export type DepartmentLevel = 'PROVINCE' | 'CITY' | 'COUNTY';

export interface DepartmentDef {
  code: string;
  name: string;
  shortName: string;
  kind: DepartmentKind;
  level: DepartmentLevel;
  regionCode: string;
  orgKind: '1' | '2' | '3';
  /** Provider only: 01..29, the 项 code of its 部门 class. */
  index?: number;
  /** Provider only: the default condition text for its conditional resources. */
  defaultCondition?: string;
}

const P = (
  index: number,
  code: string,
  name: string,
  shortName: string,
  defaultCondition: string,
  orgKind: '1' | '2' | '3' = '1',
): DepartmentDef => ({
  code,
  name,
  shortName,
  kind: 'PROVIDER',
  level: 'PROVINCE',
  regionCode: '330000',
  orgKind,
  index,
  defaultCondition,
});

export const PROVIDERS: DepartmentDef[] = [
  P(1, 'ZJ-GAT', '浙江省公安厅', '省公安厅', '仅限承担相应行政审批、政务服务或执法职责的部门按最小必要原则使用'),
  P(2, 'ZJ-SCJGJ', '浙江省市场监督管理局', '省市场监管局', '仅限办理涉企审批、登记备案及事中事后监管事项使用'),
  P(3, 'ZJ-MZT', '浙江省民政厅', '省民政厅', '仅限办理社会救助、婚姻状况核验及民政服务事项使用'),
  P(4, 'ZJ-RLSBT', '浙江省人力资源和社会保障厅', '省人力社保厅', '仅限办理社会保险、就业创业及人才服务事项使用'),
  P(5, 'ZJ-ZRZYT', '浙江省自然资源厅', '省自然资源厅', '仅限办理不动产交易、抵押、住房保障及用地审批事项使用'),
  P(6, 'ZJ-JST', '浙江省住房和城乡建设厅', '省建设厅', '仅限办理工程建设审批、房屋交易及住房保障事项使用'),
  P(7, 'ZJ-WSJKW', '浙江省卫生健康委员会', '省卫生健康委', '仅限办理出生落户、医疗卫生服务及健康管理相关事项使用，不得用于其他目的'),
  P(8, 'ZJ-JYT', '浙江省教育厅', '省教育厅', '仅限办理入学招生、学历核验及人才认定事项使用'),
  P(9, 'ZJ-SFT', '浙江省司法厅', '省司法厅', '仅限办理法律服务、执业核验及司法行政事项使用'),
  P(10, 'ZJ-SWJ', '国家税务总局浙江省税务局', '省税务局', '仅限办理涉税核验、不动产交易及信用监管事项使用，并遵守纳税人信息保密规定'),
  P(11, 'ZJ-CL', '浙江省残疾人联合会', '省残联', '仅限办理残疾人福利补贴、就业扶持及无障碍服务事项使用', '3'),
  P(12, 'ZJ-YBJ', '浙江省医疗保障局', '省医保局', '仅限办理医疗保障、医疗救助及参保核验事项使用'),
  P(13, 'ZJ-GJJZX', '浙江省住房公积金管理中心', '省公积金中心', '仅限办理住房公积金、住房贷款及购房资格审核事项使用', '2'),
  P(14, 'ZJ-JTYST', '浙江省交通运输厅', '省交通运输厅', '仅限办理交通运输许可、执法监管及出行服务事项使用'),
  P(15, 'ZJ-STHJT', '浙江省生态环境厅', '省生态环境厅', '仅限办理环境准入审批、污染防治监管及执法事项使用'),
  P(16, 'ZJ-NYNCT', '浙江省农业农村厅', '省农业农村厅', '仅限办理涉农审批、农村产权交易及惠农补贴事项使用'),
  P(17, 'ZJ-SWT', '浙江省商务厅', '省商务厅', '仅限办理商务领域审批备案及市场监管事项使用'),
  P(18, 'ZJ-WLT', '浙江省文化和旅游厅', '省文化和旅游厅', '仅限办理文化旅游市场审批及执法监管事项使用'),
  P(19, 'ZJ-TYJRT', '浙江省退役军人事务厅', '省退役军人事务厅', '仅限办理退役军人安置、优抚及服务保障事项使用'),
  P(20, 'ZJ-YJGLT', '浙江省应急管理厅', '省应急管理厅', '仅限办理安全生产许可、监管执法及应急处置事项使用'),
  P(21, 'ZJ-KJT', '浙江省科学技术厅', '省科技厅', '仅限办理科技项目管理、企业认定及政策兑现事项使用'),
  P(22, 'ZJ-CZT', '浙江省财政厅', '省财政厅', '仅限办理财政资金监管、政府采购及补贴发放核验事项使用'),
  P(23, 'ZJ-TJJ', '浙江省统计局', '省统计局', '仅限用于统计分析和政府决策，不得用于对统计调查对象的行政处罚'),
  P(24, 'ZJ-LYJ', '浙江省林业局', '省林业局', '仅限办理林业审批、林权交易及资源监管事项使用'),
  P(25, 'ZJ-SLT', '浙江省水利厅', '省水利厅', '仅限办理水行政审批、防汛防台及水资源监管事项使用'),
  P(26, 'ZJ-TYJ', '浙江省体育局', '省体育局', '仅限办理体育行政审批及公共体育服务事项使用'),
  P(27, 'ZJ-YJJ', '浙江省药品监督管理局', '省药监局', '仅限办理药品、医疗器械和化妆品审批及监管事项使用'),
  P(28, 'ZJ-DAJ', '浙江省档案局', '省档案局', '仅限依法履行档案管理和利用服务职责使用'),
  P(29, 'ZJ-FZGGW', '浙江省发展和改革委员会', '省发展改革委', '仅限办理信用监管、投资项目审批及政策兑现事项使用'),
];

export const PLATFORM: DepartmentDef = {
  code: 'ZJ-DSJJ',
  name: '浙江省大数据发展管理局',
  shortName: '省大数据局',
  kind: 'PLATFORM',
  level: 'PROVINCE',
  regionCode: '330000',
  orgKind: '1',
};

const C = (
  code: string,
  name: string,
  shortName: string,
  level: DepartmentLevel,
  regionCode: string,
): DepartmentDef => ({ code, name, shortName, kind: 'CONSUMER', level, regionCode, orgKind: '1' });

export const CONSUMERS: DepartmentDef[] = [
  C('HZ-XZFWZX', '杭州市行政服务中心（市民之家）', '杭州市民之家', 'CITY', '330100'),
  C('HZ-GAJ', '杭州市公安局', '杭州市公安局', 'CITY', '330100'),
  C('HZ-SCJGJ', '杭州市市场监督管理局', '杭州市市场监管局', 'CITY', '330100'),
  C('HZSC-XZFWZX', '杭州市上城区行政服务中心', '上城区行政服务中心', 'COUNTY', '330102'),
  C('HZXH-XZFWZX', '杭州市西湖区行政服务中心', '西湖区行政服务中心', 'COUNTY', '330106'),
  C('HZXH-MZJ', '杭州市西湖区民政局', '西湖区民政局', 'COUNTY', '330106'),
  C('HZYH-XZFWZX', '杭州市余杭区行政服务中心', '余杭区行政服务中心', 'COUNTY', '330110'),
];
