import { CombinedGraphQLErrors, ServerError } from '@apollo/client';

const BY_CODE: Record<string, string> = {
  UNAUTHENTICATED: '未登录或登录已失效，请重新登录',
  FORBIDDEN: '无权限执行此操作',
  BAD_USER_INPUT: '输入有误',
  NOT_FOUND: '未找到',
  CONFLICT: '与当前状态冲突',
  RATE_LIMITED: '请求过于频繁，请稍后再试',
  SOURCE_UNAVAILABLE: '提供部门系统暂不可用',
  SOURCE_ERROR: '提供部门系统返回错误',
  AUDIT_UNAVAILABLE: '审计日志暂不可用，未放行任何数据',
  SERVICE_UNAVAILABLE: '服务暂不可用',
  INTERNAL: '平台内部错误',
  PURPOSE_MISMATCH: '用途与授权事项不符',
  CONSENT_REQUIRED: '需要申请人授权',
};

/** Whether a text is mostly Chinese (the hub answers clerks in Chinese, some messages in English). */
function isChinese(text: string): boolean {
  return /[\u4e00-\u9fff]/.test(text);
}

/**
 * A message a person can read, in Chinese, with the code in English; never a stack. `byCode`
 * replaces the hub's message for codes a screen can explain better (e.g. NOT_FOUND of a case).
 */
export function describeError(error: unknown, byCode: Record<string, string> = {}): string {
  if (CombinedGraphQLErrors.is(error)) {
    return error.errors
      .map((entry) => {
        const code = String((entry.extensions as Record<string, unknown> | undefined)?.code ?? 'ERROR');
        if (byCode[code]) return `${byCode[code]}（${code}）`;
        const label = BY_CODE[code] ?? '请求未成功';
        return isChinese(entry.message) ? `${entry.message}（${code}）` : `${label}（${code}）：${entry.message}`;
      })
      .join('；');
  }
  if (ServerError.is(error)) return `平台返回 HTTP ${error.statusCode}，请稍后再试`;
  if (error instanceof TypeError) return '无法连接平台，请检查网络';
  return '请求未成功，请稍后再试';
}

export const DENIAL_LABELS: Record<string, string> = {
  NO_GRANT: '未授权',
  REVOKED: '授权已撤销',
  EXPIRED: '授权已过期',
  SCOPE: '授权范围不含此用途',
  NOT_SHAREABLE: '不予共享',
  UNKNOWN_ITEM: '信息项不存在',
  QUOTA_EXCEEDED: '超出每日限额',
  PURPOSE_MISMATCH: '用途与授权事项不符',
  CONSENT_REQUIRED: '需要申请人授权',
};
