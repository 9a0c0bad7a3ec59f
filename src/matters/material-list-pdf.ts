/**
 * The printable material list (材料清单) of a case: what the hub fetched and from which
 * department, and what the applicant must still bring. Drawn from the case record only — the
 * list names materials, statuses and departments, never a value — in Noto Sans SC (the font
 * the certificate copies embed).
 */
import { rgb, type PDFPage } from 'pdf-lib';
import { clean, createCjkPdf, fit, wrap } from '../certificates/certificate-pdf.js';
import type { CaseRecord } from './cases.repository.js';
import { MaterialStatus, type MatterRecord } from './matter.types.js';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;
const INK = rgb(0.1, 0.1, 0.12);
const GREY = rgb(0.42, 0.42, 0.45);
const GREEN = rgb(0.05, 0.45, 0.2);
const RED = rgb(0.75, 0.1, 0.1);

export const STATUS_LABELS: Record<MaterialStatus, string> = {
  OBTAINED: '已调取（免提交）',
  MUST_SUBMIT: '需申请人提交',
  DENIED: '未获授权，需提交',
  FAILED: '调取失败，需提交',
  NOT_HELD: '部门无记录',
};

export interface MaterialListContext {
  /** Department code → name. */
  departmentName: (code: string) => string;
  consumerName: string;
}

export async function renderMaterialList(record: CaseRecord, matter: MatterRecord, context: MaterialListContext): Promise<Uint8Array> {
  const { pdf, font } = await createCjkPdf();
  pdf.setTitle(`材料清单 ${matter.name} ${record.caseNo}`);
  pdf.setSubject('一件事 材料清单');
  pdf.setProducer('sharehub 公共数据共享交换平台');
  pdf.setCreator('sharehub');
  pdf.setCreationDate(record.createdAt);
  pdf.setModificationDate(record.createdAt);
  let page = pdf.addPage(A4);
  let y = A4[1] - MARGIN;
  const width = A4[0] - 2 * MARGIN;
  const text = (value: string, x: number, size: number, color = INK, target: PDFPage = page) => target.drawText(clean(value), { x, y, size, font, color });
  const newPageIfNeeded = (needed: number) => {
    if (y - needed > MARGIN) return;
    page = pdf.addPage(A4);
    y = A4[1] - MARGIN;
  };

  text('材料清单', MARGIN, 20);
  y -= 28;
  text(`${matter.name}（${matter.code}）`, MARGIN, 13);
  y -= 18;
  const when = new Date(record.createdAt.getTime() + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
  for (const line of [
    `办件编号：${record.caseNo}    受理部门：${context.consumerName}`,
    `申请人：${record.applicantMasked}    调取时间：${when}（北京时间）`,
    `牵头部门：${matter.departmentName}    设定依据：${matter.legalBasis}`,
  ]) {
    for (const part of wrap(font, clean(line), 9, width)) {
      text(part, MARGIN, 9, GREY);
      y -= 13;
    }
  }
  y -= 6;
  text(`共 ${matter.materials.length} 项材料：已调取 ${record.exempted} 项，申请人仍需提交 ${record.mustSubmit} 项（必需）`, MARGIN, 11, INK);
  y -= 22;

  const columns = [MARGIN, MARGIN + 34, MARGIN + 250, MARGIN + 360];
  const header = (title: string) => {
    newPageIfNeeded(40);
    text(title, MARGIN, 12);
    y -= 16;
    for (const [i, label] of ['编号', '材料名称', '状态', '提供部门 / 说明'].entries()) text(label, columns[i], 8.5, GREY);
    y -= 4;
    page.drawLine({ start: { x: MARGIN, y }, end: { x: A4[0] - MARGIN, y }, thickness: 0.5, color: GREY });
    y -= 12;
  };
  const row = (materialCode: string) => {
    const material = matter.materials.find((m) => m.code === materialCode)!;
    const entry = record.materials.find((m) => m.materialCode === materialCode)!;
    const detail = entry.status === MaterialStatus.OBTAINED ? context.departmentName(entry.department ?? '') : [entry.reason, entry.message].filter(Boolean).join(' ');
    const name = `${material.name}${material.required ? '' : '（可选）'}${entry.derivedFrom ? `〔${entry.derivedFrom}〕` : ''}`;
    const nameLines = wrap(font, clean(name), 9, columns[2] - columns[1] - 8);
    const detailLines = wrap(font, clean(detail || '—'), 8.5, A4[0] - MARGIN - columns[3]).slice(0, 3);
    const lines = Math.max(nameLines.length, detailLines.length);
    newPageIfNeeded(lines * 12 + 6);
    text(material.code, columns[0], 9);
    text(fit(font, STATUS_LABELS[entry.status], 9, columns[3] - columns[2] - 6), columns[2], 9, entry.status === MaterialStatus.OBTAINED ? GREEN : RED);
    const top = y;
    nameLines.forEach((line, i) => {
      y = top - i * 12;
      text(line, columns[1], 9);
    });
    detailLines.forEach((line, i) => {
      y = top - i * 12;
      text(line, columns[3], 8.5, GREY);
    });
    y = top - lines * 12 - 4;
  };

  const obtained = record.materials.filter((m) => m.status === MaterialStatus.OBTAINED);
  const toBring = record.materials.filter((m) => m.status !== MaterialStatus.OBTAINED);
  header('一、已通过共享平台调取的材料（申请人无需提交）');
  if (!obtained.length) {
    text('（无）', columns[1], 9, GREY);
    y -= 14;
  }
  obtained.forEach((m) => row(m.materialCode));
  y -= 10;
  header('二、申请人仍需提交的材料');
  if (!toBring.length) {
    text('（无）', columns[1], 9, GREY);
    y -= 14;
  }
  toBring.forEach((m) => row(m.materialCode));
  y -= 16;
  newPageIfNeeded(30);
  for (const line of wrap(font, `本清单由共享平台根据办件 ${record.id} 的调取记录生成；调取凭证摘要 ${record.receiptHash.slice(0, 16)}…，每项调取均有审计记录。`, 8, width)) {
    text(line, MARGIN, 8, GREY);
    y -= 11;
  }
  return pdf.save({ useObjectStreams: false });
}

