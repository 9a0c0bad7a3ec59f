import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFStream, PDFString } from 'pdf-lib';

/** The sealed document's file name inside a printable copy. */
export const ATTACHMENT_NAME = 'certificate.jws';

/** The files attached to a PDF (its EmbeddedFiles name tree), by name. */
export async function pdfAttachments(bytes: Uint8Array): Promise<Map<string, Uint8Array>> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const files = new Map<string, Uint8Array>();
  const names = pdf.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const tree = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const visit = (node: PDFDict | undefined, depth: number) => {
    if (!node || depth > 8) return;
    const pairs = node.lookupMaybe(PDFName.of('Names'), PDFArray);
    for (let i = 0; pairs && i + 1 < pairs.size(); i += 2) {
      const name = pairs.lookup(i);
      const spec = pairs.lookupMaybe(i + 1, PDFDict);
      const stream = spec?.lookupMaybe(PDFName.of('EF'), PDFDict)?.lookupMaybe(PDFName.of('F'), PDFStream);
      if ((name instanceof PDFString || name instanceof PDFHexString) && stream instanceof PDFRawStream) files.set(name.decodeText(), decodePDFRawStream(stream).decode());
    }
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    for (let i = 0; kids && i < kids.size(); i++) visit(kids.lookupMaybe(i, PDFDict), depth + 1);
  };
  visit(tree, 0);
  return files;
}
