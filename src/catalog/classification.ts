/**
 * Resource classification (信息资源分类, 政务信息资源目录编制指南): 类 (1 digit) / 项 (2) / 目 (3) /
 * 细目 (2, optional). Classes 1 基础 and 2 主题 have fixed 项; class 3 部门 numbers its 项 per
 * department. A classification code is 6 digits (类项目) or 8 (with 细目); its label path has one
 * label per level.
 */
export const CLASS_LABELS: Readonly<Record<string, string>> = { '1': '基础', '2': '主题', '3': '部门' };

/** The 项 of classes 1 and 2 (docs/domain.md § The catalogue; the national 主题 list). */
export const SUBCLASS_LABELS: Readonly<Record<string, string>> = {
  '101': '人口',
  '102': '法人',
  '103': '自然资源和空间地理',
  '104': '社会信用',
  '105': '电子证照',
  '201': '公共服务',
  '202': '健康保障',
  '203': '社会保障',
  '204': '食品药品安全',
  '205': '安全生产',
  '206': '价格监管',
  '207': '能源安全',
  '208': '信用体系',
  '209': '城乡建设',
  '210': '社区治理',
  '211': '生态环保',
  '212': '应急维稳',
};

/** The reason a classification code and label path do not fit together, or undefined when they do. */
export function classificationProblem(code: string, path: readonly string[]): string | undefined {
  if (!/^[123]\d{5}(\d{2})?$/.test(code)) return 'code must be 6 digits (类项目) or 8 (类项目细目), starting with 1, 2 or 3';
  const depth = code.length / 2;
  if (path.length !== depth) return `path must have ${depth} labels (one per level of ${code}), got ${path.length}`;
  if (path.some((label) => label.trim() === '' || label.includes('/') || Array.from(label).length > 50)) {
    return 'path labels must be non-empty, at most 50 characters, without "/"';
  }
  const classLabel = CLASS_LABELS[code[0]];
  if (path[0] !== classLabel) return `path must start with ${classLabel} for class ${code[0]}`;
  if (code[0] !== '3') {
    const subclass = SUBCLASS_LABELS[code.slice(0, 3)];
    if (!subclass) return `${code.slice(0, 3)} is not a 项 of class ${code[0]} ${classLabel}`;
    if (path[1] !== subclass) return `the 项 ${code.slice(0, 3)} is ${subclass}, not ${path[1]}`;
  }
  return undefined;
}
