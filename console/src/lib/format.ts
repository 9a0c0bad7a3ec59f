import dayjs from 'dayjs';

export const formatTime = (iso: string | null | undefined): string => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm:ss') : '—');
export const formatDate = (iso: string | null | undefined): string => (iso ? dayjs(iso).format('YYYY-MM-DD') : '—');

export const ROLE_LABELS: Record<string, string> = {
  consumer: '使用部门（窗口）',
  provider: '提供部门',
  admin: '平台管理员',
  auditor: '审计员',
};

export const OUTCOME_LABELS: Record<string, string> = { OK: '成功', PARTIAL: '部分放行', DENIED: '拒绝', ERROR: '失败' };
export const KIND_LABELS: Record<string, string> = { LOOKUP: '查询', VERIFY: '核验', LOOKUP_BATCH: '批量查询', CERTIFICATE: '电子证照', ADMIN: '管理操作' };
export const APPLICATION_STATUS: Record<string, string> = { PENDING: '待审核', APPROVED: '已批准', PARTIALLY_APPROVED: '部分批准', REJECTED: '已驳回' };
export const ALERT_RULES: Record<string, string> = {
  DENIED_BURST: '短时间内多次被拒',
  DISTINCT_SUBJECTS: '一小时内查询人数过多',
  OFF_HOURS: '非工作时间访问',
  SUBJECT_CASES: '同一人一天内多个办件',
};
