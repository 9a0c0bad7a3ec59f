/**
 * The printable copy of a delivered certificate: one A4 page with the fields in Chinese (Noto
 * Sans SC from the @expo-google-fonts/noto-sans-sc package, embedded as a subset), the issuer's
 * seal key and a QR code with the verification reference; the sealed document itself travels
 * inside the PDF as the attachment `certificate.jws`, so `npm run verify-cert -- copy.pdf`
 * checks the copy offline.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { concatTransformationMatrix, drawObject, PDFDocument, popGraphicsState, pushGraphicsState, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import { documentDigest, type CertificatePayload, type CertificateStatus } from './document.js';
import { ATTACHMENT_NAME } from './pdf-attachment.js';

export { ATTACHMENT_NAME };

/** The QR code's text: `sharehub-cert:v1:<证照标识>:<kid>:<SHA-256 of the document, base64url>`. */
export const QR_PREFIX = 'sharehub-cert:v1:';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const LABEL_WIDTH = 112;
const INK = rgb(0.1, 0.1, 0.12);
const GREY = rgb(0.42, 0.42, 0.45);
const SEAL_RED = rgb(0.8, 0.08, 0.08);
const STATUS_NAMES: Record<CertificateStatus, string> = { VALID: '有效', REVOKED: '已注销', EXPIRED: '已过期' };
const CODE_TYPES: Record<string, string> = { '111': '公民身份号码', '001': '统一社会信用代码' };

interface LoadedFont {
  bytes: Uint8Array;
  /** One parse of the 10 MB font, reused by every document (pdf-lib asks its "fontkit" to parse). */
  fontkit: { create: (data: Uint8Array) => unknown };
}

let loaded: LoadedFont | undefined;

function cjkFont(): LoadedFont {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    const bytes = readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'));
    const parsed = fontkit.create(bytes);
    loaded = { bytes, fontkit: { create: () => parsed } };
  }
  return loaded;
}

/**
 * @pdf-lib/fontkit 1.1.1 writes a subset with the short `loca` format when it is small, which
 * halves every glyph offset — and Noto Sans SC has glyph records of odd length, so the halved
 * offsets point into the middle of glyphs and most characters come out blank. Padding each
 * copied glyph record to an even length keeps every offset exact. (Pinned versions; the
 * certificate tests check that every embedded glyph decodes.)
 */
function padSubsetGlyphs(font: PDFFont): void {
  const subset = (font as unknown as { embedder?: { subset?: SubsetInternals } }).embedder?.subset;
  if (!subset || typeof subset._addGlyph !== 'function') throw new Error('pdf-lib font subset internals changed: cannot embed the CJK font safely');
  const addGlyph = subset._addGlyph;
  subset._addGlyph = function (this: SubsetInternals, glyphId: number): number {
    const index = addGlyph.call(this, glyphId);
    const record = this.glyf[index];
    if (record.length % 2 === 1) {
      const Padded = record.constructor as unknown as { alloc(size: number): Uint8Array };
      const padded = Padded.alloc(record.length + 1);
      padded.set(record);
      this.glyf[index] = padded;
      this.offset += 1;
    }
    return index;
  };
}

interface SubsetInternals {
  _addGlyph(glyphId: number): number;
  glyf: Uint8Array[];
  offset: number;
}

/** Advance widths at size 1000 by character: CJK text needs no kerning, and laying out every prefix of a line is slow. */
const charWidths = new Map<string, number>();

function widthOf(font: PDFFont, text: string, size: number): number {
  let width = 0;
  for (const char of text) {
    let advance = charWidths.get(char);
    if (advance === undefined) {
      advance = font.widthOfTextAtSize(char, 1000);
      if (charWidths.size < 20_000) charWidths.set(char, advance);
    }
    width += advance;
  }
  return (width * size) / 1000;
}

/** pdf-lib compresses streams (the font subset) with pure-JS pako; node's zlib does the same five times faster. */
function useNativeDeflate(pdf: PDFDocument): void {
  const context = pdf.context;
  context.flateStream = (contents, dict = {}) =>
    context.stream(deflateSync(typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents), { ...dict, Filter: 'FlateDecode' });
}

/**
 * Draws a QR code as a grey image XObject, one pixel per module (quiet zone of 2), scaled up
 * without interpolation: sharp at any zoom, and no PNG to encode and decode again.
 */
function drawQrCode(pdf: PDFDocument, page: PDFPage, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const modules = qr.modules.size;
  const quiet = 2;
  const side = modules + 2 * quiet;
  const pixels = Buffer.alloc(side * side, 255);
  for (let row = 0; row < modules; row++) {
    for (let column = 0; column < modules; column++) {
      if (qr.modules.data[row * modules + column]) pixels[(row + quiet) * side + column + quiet] = 0;
    }
  }
  const image = pdf.context.register(
    pdf.context.stream(deflateSync(pixels), { Type: 'XObject', Subtype: 'Image', Width: side, Height: side, ColorSpace: 'DeviceGray', BitsPerComponent: 8, Interpolate: false, Filter: 'FlateDecode' }),
  );
  const name = page.node.newXObject('QR', image);
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(size, 0, 0, size, x, y), drawObject(name), popGraphicsState());
}

export interface PdfContext {
  document: string;
  keyId: string;
  alg: string;
  issuerName: string;
  consumerName?: string;
}

/** The text the QR code carries. */
export function qrText(payload: CertificatePayload, keyId: string, document: string): string {
  return `${QR_PREFIX}${payload.identifier}:${keyId}:${documentDigest(document)}`;
}

/** Renders the one-page printable copy. */
/** A new A4-ready PDF with Noto Sans SC embedded as a subset: the certificate copy and a case's material list (src/matters) both start here. */
export async function createCjkPdf(): Promise<{ pdf: PDFDocument; font: PDFFont }> {
  const { bytes, fontkit: parser } = cjkFont();
  const pdf = await PDFDocument.create();
  useNativeDeflate(pdf);
  pdf.registerFontkit(parser as Parameters<PDFDocument['registerFontkit']>[0]);
  const font = await pdf.embedFont(bytes, { subset: true });
  padSubsetGlyphs(font);
  return { pdf, font };
}

export async function renderCertificatePdf(payload: CertificatePayload, context: PdfContext): Promise<Uint8Array> {
  const { pdf, font } = await createCjkPdf();
  const sealedAt = new Date(payload.sealedAt);
  pdf.setTitle(`${payload.name} ${payload.identifier}`);
  pdf.setSubject('电子证照打印件');
  pdf.setAuthor(payload.issuer.name ?? payload.issuer.department);
  pdf.setProducer('sharehub 公共数据共享交换平台');
  pdf.setCreator('sharehub');
  pdf.setCreationDate(sealedAt);
  pdf.setModificationDate(sealedAt);
  await pdf.attach(Buffer.from(context.document, 'utf8'), ATTACHMENT_NAME, {
    mimeType: 'application/jose',
    description: `${payload.name} ${payload.identifier}：颁证部门电子印章签署的电子证照（JWS）`,
    creationDate: sealedAt,
    modificationDate: sealedAt,
  });

  const page = pdf.addPage(A4);
  const [width, height] = A4;
  const writer = new Writer(page, font, height - MARGIN);
  const right = width - MARGIN;

  writer.centered('电子证照 · 打印件', 10, GREY, width);
  writer.gap(6);
  writer.centered(payload.name, 24, INK, width);
  writer.gap(4);
  writer.centered(`证照标识\u3000${payload.identifier}`, 8.5, GREY, width);
  writer.gap(14);
  writer.rule(MARGIN, right);

  const holderCode = payload.holder.code ? `${payload.holder.code}${payload.holder.codeType ? `（${CODE_TYPES[payload.holder.codeType] ?? payload.holder.codeType}）` : ''}` : '—';
  const fields: [string, string][] = [
    ['证照编号', payload.number ?? '—'],
    ['持证主体', payload.holder.name ?? '—'],
    ['持证主体代码', holderCode],
    ['颁发日期', payload.issuedOn ?? '—'],
    ['有效期', `${payload.validFrom ?? '—'} 至 ${payload.validTo ?? '长期'}`],
    ['颁发机构', payload.issuer.name ?? '—'],
    ['颁发机构代码', payload.issuer.code],
    ['管辖属地编码', payload.regionCode ?? '—'],
  ];
  const bottomOfContent = 250;
  for (const [label, value] of fields) writer.field(label, value, MARGIN, right);
  writer.field('证照状态', STATUS_NAMES[payload.status] ?? payload.status, MARGIN, right, payload.status === 'VALID' ? INK : SEAL_RED);
  writer.gap(4);
  writer.rule(MARGIN, right);
  writer.text('证面信息', MARGIN, 11, INK);
  writer.gap(2);
  const masked = new Set(payload.masked);
  for (let i = 0; i < payload.content.length; i++) {
    const field = payload.content[i];
    const value = `${field.value ?? '—'}${masked.has(field.item) ? '（已脱敏）' : ''}`;
    if (!writer.field(field.name, value, MARGIN, right, INK, bottomOfContent)) {
      writer.text(`……其余 ${payload.content.length - i} 项见所附电子证照文件 ${ATTACHMENT_NAME}`, MARGIN, 8.5, GREY);
      break;
    }
  }

  // The seal block: the issuer's seal (drawn), its key, the delivery, and the QR code.
  const qrSize = 118;
  const qrX = right - qrSize;
  const qrY = 84;
  drawQrCode(pdf, page, qrText(payload, context.keyId, context.document), qrX, qrY, qrSize);
  page.drawText('扫码核验', { x: qrX + qrSize / 2 - widthOf(font, '扫码核验', 8) / 2, y: qrY - 11, size: 8, font, color: GREY });

  const sealX = qrX - 86;
  const sealY = qrY + qrSize / 2;
  page.drawCircle({ x: sealX, y: sealY, size: 46, borderColor: SEAL_RED, borderWidth: 2.2, opacity: 0, borderOpacity: 0.85 });
  const sealName = (payload.issuer.name ?? context.issuerName).slice(0, 16);
  const lines = sealName.length > 8 ? [sealName.slice(0, Math.ceil(sealName.length / 2)), sealName.slice(Math.ceil(sealName.length / 2))] : [sealName];
  lines.forEach((line, i) => {
    const size = 9.5;
    page.drawText(line, { x: sealX - widthOf(font, line, size) / 2, y: sealY + 10 - i * 13, size, font, color: SEAL_RED, opacity: 0.9 });
  });
  page.drawText('电子印章', { x: sealX - widthOf(font, '电子印章', 8) / 2, y: sealY - 24, size: 8, font, color: SEAL_RED, opacity: 0.9 });

  const info: string[] = [
    `电子印章：${context.issuerName}`,
    `印章密钥标识：${context.keyId}（${context.alg}）`,
    `签章时间：${payload.sealedAt}`,
    `数据时点：${payload.asOf}`,
    `调取单位：${context.consumerName ?? payload.delivery.consumerDept}`,
    `办件编号：${payload.delivery.caseNo}`,
    `电子文件摘要：${documentDigest(context.document).slice(0, 22)}…`,
  ];
  let y = qrY + qrSize - 6;
  for (const line of info) {
    page.drawText(fit(font, line, 8.5, sealX - 54 - MARGIN), { x: MARGIN, y, size: 8.5, font, color: INK });
    y -= 14;
  }
  const note = [
    '本件为共享平台调取的电子证照打印件，证照信息以颁证部门电子印章签署的电子文件（附件 certificate.jws）为准。',
    '核验：verifyCertificate 接口，或以 /.well-known/sharehub/seals.json 离线核验（npm run verify-cert）。',
  ];
  note.forEach((line, i) => page.drawText(fit(font, line, 7.5, right - MARGIN), { x: MARGIN, y: 50 - i * 11, size: 7.5, font, color: GREY }));
  return pdf.save({ useObjectStreams: false });
}

/** Writes top-down lines and wrapped label/value rows. */
class Writer {
  constructor(
    private readonly page: PDFPage,
    private readonly font: PDFFont,
    private y: number,
  ) {}

  gap(points: number): void {
    this.y -= points;
  }

  text(value: string, x: number, size: number, color = INK): void {
    this.y -= size + 4;
    this.page.drawText(clean(value), { x, y: this.y, size, font: this.font, color });
    this.y -= 3;
  }

  centered(value: string, size: number, color: ReturnType<typeof rgb>, pageWidth: number): void {
    const text = clean(value);
    this.y -= size;
    this.page.drawText(text, { x: (pageWidth - widthOf(this.font, text, size)) / 2, y: this.y, size, font: this.font, color });
  }

  rule(from: number, to: number): void {
    this.y -= 6;
    this.page.drawLine({ start: { x: from, y: this.y }, end: { x: to, y: this.y }, thickness: 0.6, color: GREY });
    this.y -= 4;
  }

  /** A label and its wrapped value; false (nothing drawn) if it would go below `floor`. */
  field(label: string, value: string, left: number, right: number, color = INK, floor = 0): boolean {
    const size = 10;
    const lineHeight = 15;
    const lines = wrap(this.font, clean(value), size, right - left - LABEL_WIDTH);
    if (this.y - lines.length * lineHeight < floor) return false;
    this.y -= lineHeight;
    this.page.drawText(fit(this.font, clean(label), 9, LABEL_WIDTH - 8), { x: left, y: this.y, size: 9, font: this.font, color: GREY });
    lines.forEach((line, i) => {
      if (i > 0) this.y -= lineHeight;
      this.page.drawText(line, { x: left + LABEL_WIDTH, y: this.y, size, font: this.font, color });
    });
    return true;
  }
}

export function clean(value: string): string {
  // Line breaks become spaces; other control characters have no glyph.
  return [...value.replace(/[\r\n\t]+/g, ' ')].filter((char) => char.charCodeAt(0) >= 0x20).join('');
}

/** Character-wise wrapping (Chinese has no spaces to break at). */
export function wrap(font: PDFFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const char of text) {
    const advance = widthOf(font, char, size);
    if (line && used + advance > width) {
      lines.push(line);
      line = '';
      used = 0;
    }
    line += char;
    used += advance;
  }
  lines.push(line);
  return lines;
}

export function fit(font: PDFFont, text: string, size: number, width: number): string {
  if (widthOf(font, text, size) <= width) return text;
  let cut = text;
  while (cut.length > 1 && widthOf(font, `${cut}…`, size) > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}
