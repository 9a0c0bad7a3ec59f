/**
 * Derives a data item's metadata from its Chinese name and the resource's subject:
 * data type (编制指南 codes), length, sensitivity (1 public … 4 highly sensitive),
 * masking rule and a short description. Specs may override type and description.
 */

export type DataType = 'C' | 'N' | 'Y' | 'D' | 'T' | 'L' | 'M' | 'G' | 'B' | 'I' | 'F';
export type MaskRule = 'NONE' | 'ID_NUMBER' | 'PHONE' | 'NAME' | 'ADDRESS' | 'CREDIT_CODE';
export type SubjectType = 'PERSON' | 'LEGAL_ENTITY' | 'OTHER';
export type Sensitivity = 1 | 2 | 3 | 4;

export interface ItemTraits {
  dataType: DataType;
  length?: number;
  sensitivity: Sensitivity;
  maskRule: MaskRule;
  description: string;
}

export interface ItemContext {
  subject: SubjectType;
  /** Set for certificate resources: whose certificate it is. */
  holder?: 'PERSON' | 'LEGAL_ENTITY';
  /** Mask for the resource's 统一社会信用代码 key (CREDIT_CODE for 个体工商户, 家庭农场). */
  keyMask?: MaskRule;
}

export const DATA_TYPE_LABELS: Record<DataType, string> = {
  C: '字符型',
  N: '数值型',
  Y: '货币型',
  D: '日期型',
  T: '日期时间型',
  L: '逻辑型',
  M: '备注型',
  G: '通用型',
  B: '双精度型',
  I: '整型',
  F: '浮点型',
};

// ---------------------------------------------------------------- data types

const TYPE_OVERRIDES: Record<string, DataType> = {
  开放时间: 'C',
  AQI: 'I',
  出生孕周: 'I',
  接种剂次: 'I',
  生育孩次: 'I',
  累积记分: 'I',
  记分: 'I',
  年龄: 'I',
  母亲年龄: 'I',
  父亲年龄: 'I',
  贷款期限: 'I',
  出让年限: 'I',
  逾期期数: 'I',
  核定座位数: 'I',
  承包地块数: 'I',
  船舶数量: 'I',
  收费标准: 'C',
  有无犯罪记录: 'L',
  最大承载量: 'I',
  数据量: 'N',
  抵押顺位: 'I',
  费款所属期: 'C',
  相关法律依据及税务处理处罚情况: 'M',
  界址点坐标: 'M',
};

const RE_LOGICAL = /^是否/;
const RE_BINARY = /(照片|图片|宗地图|图斑数据|扫描件)$/;
const RE_COORD = /(经度|纬度)$/;
const RE_DATETIME = /时间$/;
const RE_DATE = /(日期|起始|截止|所属期起|期止|期限自|期限至|预产期)$/;
const RE_MEMO =
  /(范围|诊疗科目|事实|依据|内容|意见|简介|说明|描述|备注|附记|其他状况|内涵|除外内容|记录|决定|结构及组成|技术信息|经营信息|原始填报数据)$/;
const RE_NUMERIC =
  /(面积|浓度|体重|身长|水位|流量|降雨量|总吨|净吨|功率|库容|蓄积|蓄积量|载质量|总质量|整备质量|取水量|排放量|数量|总量|能耗|消费量|用电量|长度|溶解氧|指数|氨氮|总磷|限值|总重|车速|拆解能力|PM2\.5浓度|PM10浓度)$/;
const RE_MONEY =
  /(金额|资本|资金|基数|价款|价格|总价|总额|余额|数额|税额|收入额|费用|出资额|投资额|总投资|经济损失|总收入|缴存额|标准|交易额|本金|财产|设立资产|增加值|生产总值|月人均收入|养老金|利息)$/;
const RE_FLOAT = /(比例|利率|税率|得分|系数|涨跌幅|增长率|投入强度|郁闭度)$/;
const RE_INTEGER =
  /(人员数|人数|次数|月数|户数|套数|床位数|份数|期数|条数|块数|人口数|生数|职工数|间数|客房数|总数|年限|人次|座位数)$/;

export function inferDataType(name: string): DataType {
  const o = TYPE_OVERRIDES[name];
  if (o) return o;
  if (RE_LOGICAL.test(name)) return 'L';
  if (RE_BINARY.test(name)) return 'G';
  if (RE_COORD.test(name)) return 'B';
  if (RE_DATETIME.test(name)) return 'T';
  if (RE_DATE.test(name)) return 'D';
  if (RE_MEMO.test(name)) return 'M';
  if (RE_NUMERIC.test(name)) return 'N';
  if (RE_MONEY.test(name)) return 'Y';
  if (RE_FLOAT.test(name)) return 'F';
  if (RE_INTEGER.test(name)) return 'I';
  return 'C';
}

const RE_ID_NUMBER = /(公民身份号码|身份证件号码|身份证件号|证件号码|证照号码)$/;
const RE_ENUM = /(性别|民族|国籍|状态|状况|类型|类别|种类|方式|性质|等级|级别|结果|结论|形式|用途|程度|职务|险种|学历层次|学历|学制|关系|币种|学段|职业)$/;

function inferLength(name: string, type: DataType): number | undefined {
  switch (type) {
    case 'N':
    case 'Y':
      return 18;
    case 'L':
      return 1;
    case 'C':
      break;
    default:
      return undefined;
  }
  if (RE_ID_NUMBER.test(name) || /统一社会信用代码$/.test(name)) return 18;
  if (name === '持证主体代码' || name === '颁发机构代码') return 18;
  if (name === '证照类型代码') return 21;
  if (name === '证照标识') return 128;
  if (/(行政区划代码|区划代码|管辖属地编码|医保区划)$/.test(name)) return 6;
  if (/(所属期|月份|报告期|统计期|年月)$/.test(name)) return 6;
  if (/(年度|学年)$/.test(name)) return 9;
  if (/(姓名|曾用名)$/.test(name)) return 50;
  if (/^(法定代表人|负责人|主要负责人|企业负责人|质量负责人|法定代表人（负责人）|监护人|联系人|填报人|承办人|签发人|校长|承办公证员|主要完成人|项目负责人|监测责任人|责任民警|清算组负责人|日常监督管理人员|河湖长职务)$/.test(name)) return 50;
  if (name === '邮政编码') return 6;
  if (/(电话|手机号码)$/.test(name)) return 20;
  if (/(地址|住址|住所|坐落|场所|地点)$/.test(name)) return 200;
  if (/名称$/.test(name)) return 200;
  if (/(编号|证号|号码|文号|字号|识别号|编码|代码|账号|卡号|批号|档号|户号|代号|号)$/.test(name)) return 50;
  if (RE_ENUM.test(name)) return 20;
  return 100;
}

// ---------------------------------------------------------------- sensitivity & masking

const RE_PERSON_NAME = /(姓名|曾用名)$/;
const PERSON_ROLES_IN_PERSON_RESOURCES = new Set([
  '权利人',
  '抵押人',
  '被执行人',
  '当事人',
  '借款人',
  '买受人',
  '出卖人',
  '受援人',
  '林权权利人',
  '申请人',
  '户主',
  '所有人',
  '持证人',
]);
const ALWAYS_PERSON_NAMES = new Set(['监护人', '联系人', '填报人', '监测责任人', '责任民警', '人员姓名']);
const RE_PUBLIC_PHONE = /(投诉举报电话|咨询电话)$/;
const RE_HEALTH =
  /(诊断|疾病|病种|病例|死亡原因|受伤部位|伤残等级|残疾类别|残疾等级|失能等级|健康状况|疫苗|接种|高危因素|分娩|手术|危险性|护理依赖|自理能力|鉴定结论|孕周|末次月经|预产期|出院情况)/;
const RE_CRIMINAL = /(犯罪|违法行为|处罚种类|矫正|列管|管控|案由)/;
/** Health/criminal bumps apply to the fact itself, not to its date, place or issuer. */
const RE_CONTEXT_ONLY = /(日期|时间|单位|机构|企业|批号|编号|机关|文号)$/;
const RE_PERSON_PRIVATE = /(出生日期|婚姻状况|卡号|账号|年龄)$/;
const RE_STATUS = /(状态|结果|结论|等级|级别)$/;
const RE_ENTITY_FINANCE = /(税额|收入|资产|负债|利润|余额|欠费|纳税总额|收入额)/;

function sensitivityAndMask(
  name: string,
  type: DataType,
  ctx: ItemContext,
): { sensitivity: Sensitivity; maskRule: MaskRule } {
  const personal = ctx.subject === 'PERSON';
  const personCert = ctx.holder === 'PERSON';

  if (name === '统一社会信用代码') {
    return ctx.keyMask === 'CREDIT_CODE'
      ? { sensitivity: 2, maskRule: 'CREDIT_CODE' }
      : { sensitivity: 1, maskRule: 'NONE' };
  }
  if (RE_ID_NUMBER.test(name) || (name === '持证主体代码' && personCert)) {
    return { sensitivity: 4, maskRule: 'ID_NUMBER' };
  }
  if (personal && (RE_HEALTH.test(name) || RE_CRIMINAL.test(name)) && !RE_CONTEXT_ONLY.test(name)) {
    return { sensitivity: 4, maskRule: 'NONE' };
  }
  if (
    RE_PERSON_NAME.test(name) ||
    ALWAYS_PERSON_NAMES.has(name) ||
    (personal && PERSON_ROLES_IN_PERSON_RESOURCES.has(name)) ||
    (name === '持证主体' && personCert)
  ) {
    return { sensitivity: 3, maskRule: 'NAME' };
  }
  if (/(电话|手机号码)$/.test(name)) {
    if (RE_PUBLIC_PHONE.test(name) || ctx.subject === 'OTHER') return { sensitivity: 1, maskRule: 'NONE' };
    return personal ? { sensitivity: 3, maskRule: 'PHONE' } : { sensitivity: 2, maskRule: 'PHONE' };
  }
  if (personal && /(地址|住址|坐落)$/.test(name)) {
    return { sensitivity: 3, maskRule: 'ADDRESS' };
  }
  if (personal) {
    if (type === 'Y' || RE_PERSON_PRIVATE.test(name)) return { sensitivity: 3, maskRule: 'NONE' };
    return { sensitivity: 2, maskRule: 'NONE' };
  }
  // legal entities and other (public-facing) resources
  if (/^(法定代表人|负责人|主要负责人|企业负责人|质量负责人|法定代表人（负责人）|经营者)$/.test(name)) {
    return { sensitivity: 2, maskRule: 'NONE' };
  }
  if (RE_STATUS.test(name) || RE_ENTITY_FINANCE.test(name)) return { sensitivity: 2, maskRule: 'NONE' };
  return { sensitivity: 1, maskRule: 'NONE' };
}

// ---------------------------------------------------------------- descriptions

const DESCRIPTIONS: Record<string, string> = {
  公民身份号码: '18位公民身份号码（GB 11643），资源查询键',
  统一社会信用代码: '18位统一社会信用代码（GB 32100），资源查询键',
  姓名: '公民姓名，与居民身份证登记一致',
  曾用名: '曾经登记使用过的姓名',
  性别: '性别（GB/T 2261.1）：男、女',
  民族: '民族（GB/T 3304）',
  国籍: '国籍（GB/T 2659）',
  出生地: '出生地所在省、市、县',
  籍贯: '祖籍所在省、市、县',
  户籍地址: '常住户口登记地址',
  户号: '户口簿户号',
  户别: '家庭户或集体户',
  与户主关系: '与户主关系（GB/T 4761）',
  文化程度: '文化程度（GB/T 4658）',
  婚姻状况: '婚姻状况（GB/T 2261.2）',
  兵役状况: '未服兵役、退出现役、服预备役等',
  服务处所: '工作单位或就读学校名称',
  职业: '职业分类（GB/T 6565）',
  住址: '居住地详细地址',
  证件照片: '证件人像照片（JPEG）',
  签发机关: '签发证件的公安机关全称',
  登记机关: '作出登记决定的机关全称',
  发证机关: '核发证照的机关全称',
  企业名称: '企业登记名称全称',
  企业类型: '企业类型（有限责任公司、股份有限公司等）',
  法定代表人: '法定代表人姓名（依法公示）',
  注册资本: '注册资本（万元）',
  注册资本币种: '注册资本币种（GB/T 12406）',
  成立日期: '营业执照签发的成立日期',
  营业期限自: '营业期限起始日期',
  营业期限至: '营业期限终止日期，长期为空',
  登记状态: '存续、在业、吊销、注销、迁出等',
  住所: '登记住所（经营场所）',
  经营范围: '经登记机关核准的经营范围',
  所属行业: '国民经济行业分类（GB/T 4754）',
  行政区划代码: '6位行政区划代码（GB/T 2260）',
  管辖属地编码: '证照颁发机构管辖属地的行政区划代码（GB/T 2260）',
  证照标识: '电子证照唯一标识（GB/T 36902），含类型代码、颁发机构代码、流水号、版本号和校验位',
  证照编号: '证照上载明的编号',
  证照名称: '证照类型的规范名称',
  证照类型代码: '证照定义机构统一社会信用代码加3位顺序号',
  持证主体: '持证人姓名或持证单位名称',
  持证主体代码: '持证主体的公民身份号码或统一社会信用代码',
  持证主体代码类型: '111 公民身份号码；001 统一社会信用代码',
  颁发日期: '证照颁发日期',
  有效期起始: '有效期起始日期',
  有效期截止: '有效期截止日期，长期有效为空',
  颁发机构: '颁发证照的机构全称',
  颁发机构代码: '颁发机构的统一社会信用代码',
  证照状态: '有效、注销、吊销、过期',
  登记类型: '结婚、离婚、补领结婚证、补领离婚证、撤销婚姻',
  结婚证字号: '结婚证（离婚证）上的字号',
  婚姻登记机关: '办理婚姻登记的民政部门或婚姻登记处',
  参保险种: '企业职工基本养老保险、失业保险、工伤保险等',
  参保状态: '参保缴费、暂停缴费、终止参保',
  累计缴费月数: '截至统计日的累计实际缴费月数',
  参保单位名称: '当前参保单位全称，灵活就业人员为空',
  人员类别: '在职、退休、灵活就业等',
  经办机构: '社会保险经办机构全称',
  权利类型: '国有建设用地使用权/房屋所有权等（GB/T 35957）',
  权利性质: '出让、划拨、市场化商品房等',
  不动产单元号: '28位不动产单元代码',
  不动产权证书号: '不动产权证书编号，如浙（2024）杭州市不动产权第0001234号',
  共有情况: '单独所有、共同共有、按份共有',
  登记机构: '不动产登记机构全称',
  抵押状态: '是否存在有效抵押登记及抵押情况',
  查封状态: '是否存在有效查封登记及查封情况',
  纳税信用级别: 'A、B、M、C、D 级',
  主管税务机关: '主管税务机关全称',
  AQI: '空气质量指数',
  首要污染物: 'AQI大于50时的首要污染物',
  视频流地址: '视频流访问地址（RTSP/HLS），按调阅授权签发的临时地址',
  有无犯罪记录: '有无犯罪记录：有/无',
  医保区划: '医保统筹区行政区划代码（GB/T 2260）',
  最大承载量: '景区日最大承载量（人次）',
  数据量: '移交数据量（GB）',
  抵押顺位: '同一不动产上抵押权的登记顺位（整数）',
  证件号码: '证件号码',
  年龄: '年龄（周岁）',
};

const WAN_YUAN = /^(注册资本|注册资金|实收资本|认缴出资额|实缴出资额|投资总额|总投资|出让价款|中方投资额|成员出资总额|资金数额|设立资产|资产总额|负债总额|营业总收入|利润总额|纳税总额|财政资助金额|技术交易额|直接经济损失|威胁财产|被担保主债权数额|合同价格|合同金额)$/;
const YI_YUAN = /(增加值|生产总值)$/;

const INTEGER_UNITS: Array<[RegExp, string]> = [
  [/人次$/, '人次'],
  [/(人员数|人数|人口数|生数|职工数|总数)$/, '人'],
  [/次数$/, '次'],
  [/月数$/, '月'],
  [/户数$/, '户'],
  [/套数$/, '套'],
  [/床位数$/, '张'],
  [/份数$/, '份'],
  [/期数$/, '期'],
  [/条数$/, '条'],
  [/块数$/, '块'],
  [/间数$/, '间'],
  [/客房数$/, '间'],
  [/年限$/, '年'],
  [/座位数$/, '座'],
  [/年龄$/, '周岁'],
  [/孕周$/, '周'],
  [/记分$/, '分'],
  [/剂次$/, '剂次'],
  [/孩次$/, '第几孩'],
  [/贷款期限$/, '月'],
  [/船舶数量$/, '艘'],
];

const NUMERIC_UNITS: Array<[RegExp, string]> = [
  [/(采伐面积|承包地总面积|林地面积|经营面积|批准面积)$/, '亩'],
  [/矿区面积$/, '平方公里'],
  [/面积$/, '平方米'],
  [/(PM2\.5浓度|PM10浓度|臭氧浓度|二氧化氮浓度)$/, '微克/立方米'],
  [/(溶解氧|高锰酸盐指数|氨氮|总磷|实测浓度|排放标准限值)$/, '毫克/升'],
  [/体重$/, '克'],
  [/身长$/, '厘米'],
  [/水位$/, '米'],
  [/流量$/, '立方米/秒'],
  [/降雨量$/, '毫米'],
  [/功率$/, '千瓦'],
  [/库容$/, '万立方米'],
  [/(蓄积|蓄积量|采伐蓄积)$/, '立方米'],
  [/(载质量|总质量|整备质量|车货总重)$/, '千克'],
  [/取水量$/, '万立方米/年'],
  [/排放量$/, '吨/年'],
  [/(能源消费总量|消费量)$/, '万吨标准煤'],
  [/能耗$/, '吨标准煤/万元'],
  [/用电量$/, '亿千瓦时'],
  [/长度$/, '千米'],
  [/车速$/, '千米/小时'],
  [/拆解能力$/, '辆/年'],
];

function stripSuffix(name: string, re: RegExp): string {
  return name.replace(re, '');
}

export function describe(name: string, type: DataType): string {
  const fixed = DESCRIPTIONS[name];
  if (fixed) return fixed;
  let m: RegExpMatchArray | null;
  if ((m = name.match(/^(.+)公民身份号码$/))) return `${m[1]}的18位公民身份号码`;
  if ((m = name.match(/^(.+?)(有效)?身份证件号码?$/))) return `${m[1]}的有效身份证件号码`;
  if ((m = name.match(/^(.+)证件号码$/))) return `${m[1]}的身份证件号码`;
  if ((m = name.match(/^(.+)国籍$/))) return `${m[1]}国籍（GB/T 2659）`;
  if ((m = name.match(/^(.+)民族$/))) return `${m[1]}民族（GB/T 3304）`;
  if ((m = name.match(/^(.+)性别$/))) return `${m[1]}性别（GB/T 2261.1）`;
  if ((m = name.match(/^(.+)区划代码$/))) return `${m[1]}行政区划代码（GB/T 2260）`;
  if ((m = name.match(/^(.+)统一社会信用代码$/))) return `${m[1]}的统一社会信用代码`;
  if ((m = name.match(/^(.+)行政区划代码$/))) return `${m[1]}的行政区划代码（GB/T 2260）`;
  if ((m = name.match(/^(.+)姓名$/))) return `${m[1]}的姓名`;
  switch (type) {
    case 'D':
      return `${name}，格式YYYY-MM-DD`;
    case 'T':
      return `${name}，格式YYYY-MM-DD hh:mm:ss`;
    case 'L':
      return `${stripSuffix(name, /^是否/)}：是/否`;
    case 'Y':
      if (YI_YUAN.test(name)) return `${name}（亿元）`;
      return WAN_YUAN.test(name) ? `${name}（万元）` : `${name}（元）`;
    case 'I': {
      const unit = INTEGER_UNITS.find(([re]) => re.test(name));
      return unit ? `${name}（${unit[1]}）` : `${name}（整数）`;
    }
    case 'N': {
      const unit = NUMERIC_UNITS.find(([re]) => re.test(name));
      return unit ? `${name}（${unit[1]}）` : name;
    }
    case 'F':
      return /(比例|率|涨跌幅|强度)$/.test(name) ? `${name}（%）` : name;
    case 'B':
      return `${name}（CGCS2000，十进制度）`;
    case 'G':
      return `${name}（图像文件）`;
    case 'M':
      return `${name}（文本）`;
    default:
      break;
  }
  if (/(编号|证号|文号|字号)$/.test(name)) return `${name}，由作出机关统一编号`;
  if (/(编码|代码)$/.test(name)) return `${name}，按国家或行业标准编码`;
  if (/(机关|机构|部门)$/.test(name)) return `${name}全称`;
  if (/名称$/.test(name)) return `${name}（全称）`;
  if (/(地址|住址|住所|坐落|场所|地点)$/.test(name)) return `${name}（详细地址）`;
  if (RE_ENUM.test(name)) return `${name}，按业务代码表取值`;
  return name;
}

export function inferItem(
  name: string,
  ctx: ItemContext,
  explicitType?: DataType,
  explicitDescription?: string,
): ItemTraits {
  const dataType = explicitType ?? inferDataType(name);
  const length = inferLength(name, dataType);
  const { sensitivity, maskRule } = sensitivityAndMask(name, dataType, ctx);
  const description = explicitDescription ?? describe(name, dataType);
  return length === undefined
    ? { dataType, sensitivity, maskRule, description }
    : { dataType, length, sensitivity, maskRule, description };
}
