const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** GB 11643 公民身份号码: why the text is not one (in Chinese), or undefined when it is valid. */
export function idNumberProblem(text: string): string | undefined {
  const id = text.trim().toUpperCase();
  if (!id) return '请输入身份证号';
  if (!/^\d{17}[\dX]$/.test(id)) return id.length < 18 ? `身份证号应为 18 位，已输入 ${id.length} 位` : '身份证号格式不正确';
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return '出生日期不正确';
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(id[i]), 0);
  if (CHECK[sum % 11] !== id[17]) return '校验码不正确';
  return undefined;
}
