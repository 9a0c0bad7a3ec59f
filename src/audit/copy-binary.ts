/**
 * Rows of `COPY … TO STDOUT (FORMAT binary)`, found without decoding them.
 *
 * Why binary COPY: it is PostgreSQL's cheapest way to hand out many rows (no per-column text
 * conversion on the server, no per-row message objects in node-postgres), and every field comes
 * length-prefixed, so its bytes can be used where they lie. The format (PostgreSQL docs, "COPY",
 * Binary Format): an 11-byte signature, a 32-bit flags word, a 32-bit header-extension length and
 * that many bytes; then per row a 16-bit field count followed by, per field, a 32-bit length
 * (-1 for NULL) and the bytes; a field count of -1 ends the data. All integers are big-endian.
 */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER_FIXED = SIGNATURE.length + 8;

/** Where each field of one row lies in its bytes: start and length (-1 for NULL). */
export class RowFields {
  /** Start and length of field i at [2i] and [2i + 1]. */
  readonly spans: Int32Array;

  constructor(readonly count: number) {
    this.spans = new Int32Array(count * 2);
  }

  start(field: number): number {
    return this.spans[field * 2];
  }

  length(field: number): number {
    return this.spans[field * 2 + 1];
  }
}

/**
 * Reads the row at `offset` of `data` into `fields`; returns where the next row starts or, when
 * `data` ends before the row does, minus the number of bytes from `offset` that the row needs at
 * least (known so far; `fields` then holds nothing useful).
 */
export function readRow(data: Uint8Array, offset: number, fields: RowFields): number {
  const { spans, count } = fields;
  const end = data.length;
  if (offset + 2 > end) return -2;
  const fieldCount = (data[offset] << 8) | data[offset + 1];
  if (fieldCount !== count) throw new Error(`COPY row has ${fieldCount === 0xffff ? 'the trailer' : `${fieldCount} fields`} where a row of ${count} was expected`);
  let position = offset + 2;
  for (let field = 0; field < count; field++) {
    if (position + 4 > end) return offset - (position + 4);
    const length = (data[position] << 24) | (data[position + 1] << 16) | (data[position + 2] << 8) | data[position + 3];
    position += 4;
    spans[field * 2] = position;
    spans[field * 2 + 1] = length;
    if (length > 0) {
      position += length;
      if (position > end) return offset - position;
    }
  }
  return position;
}

/** Calls `onRow` for each row of `rows`, which holds whole rows only (as CopyRowSplitter hands them out). */
export function forEachRow(rows: Uint8Array, fields: RowFields, onRow: (row: number) => void): void {
  let offset = 0;
  for (let row = 0; offset < rows.length; row++) {
    const next = readRow(rows, offset, fields);
    if (next < 0) throw new Error('COPY rows end in the middle of a row');
    onRow(row);
    offset = next;
  }
}

/**
 * Cuts one COPY's data, in chunks as the socket delivers them, into runs of whole rows (header
 * and trailer left out). A row may span two or more chunks: its bytes are gathered in a buffer
 * kept for the purpose (fresh memory for every chunk costs page faults) and handed out as a run
 * of one row once complete; the rest of the chunk is handed out where it lies.
 */
export class CopyRowSplitter {
  private readonly fields: RowFields;
  /** The start of a row (or of the header, or the trailer) that a later chunk completes. */
  private partial = Buffer.alloc(4096);
  private partialBytes = 0;
  /** Bytes the partial row needs at least before it is worth reading again. */
  private needed = 0;
  private headerRead = false;
  private finished = false;

  /** `onRows(rows, count)` gets each run of `count` whole rows, in order; `rows` is only valid during the call. */
  constructor(
    fieldCount: number,
    private readonly onRows: (rows: Buffer, count: number) => void,
  ) {
    this.fields = new RowFields(fieldCount);
  }

  push(chunk: Buffer): void {
    let offset = 0;
    while (this.partialBytes > 0 && offset < chunk.length) {
      const take = Math.min(this.needed - this.partialBytes, chunk.length - offset);
      this.keep(chunk, offset, offset + take);
      offset += take;
      if (this.partialBytes < this.needed) return;
      const partial = this.partial.subarray(0, this.partialBytes);
      const used = this.split(partial);
      if (used === partial.length) this.partialBytes = 0;
      else if (used !== 0) throw new Error('COPY data: a row was misread'); // it began at 0 and needs more bytes, or is whole
    }
    if (offset === chunk.length) return;
    const used = this.split(offset === 0 ? chunk : chunk.subarray(offset));
    if (offset + used < chunk.length) this.keep(chunk, offset + used, chunk.length);
  }

  /** Call when the COPY has ended: fails unless the data ended exactly with the trailer. */
  end(): void {
    if (!this.finished || this.partialBytes > 0) throw new Error('COPY data ended in the middle of a row');
  }

  /** Hands out the whole rows at the start of `data`; returns how many bytes it used, and sets `needed` for the rest. */
  private split(data: Buffer): number {
    if (this.finished && data.length > 0) throw new Error('COPY data goes on after its trailer');
    let offset = 0;
    if (!this.headerRead) {
      if (data.length < HEADER_FIXED) return this.wait(HEADER_FIXED, 0);
      if (!data.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error('COPY data is not in PostgreSQL binary format');
      const headerEnd = HEADER_FIXED + data.readUInt32BE(SIGNATURE.length + 4);
      if (data.length < headerEnd) return this.wait(headerEnd, 0);
      offset = headerEnd;
      this.headerRead = true;
    }
    const first = offset;
    let count = 0;
    while (offset < data.length) {
      if (offset + 2 <= data.length && data.readInt16BE(offset) === -1) {
        this.flush(data, first, offset, count);
        this.finished = true;
        if (offset + 2 < data.length) throw new Error('COPY data goes on after its trailer');
        return data.length;
      }
      const next = readRow(data, offset, this.fields);
      if (next < 0) {
        this.flush(data, first, offset, count);
        return this.wait(-next, offset);
      }
      offset = next;
      count += 1;
    }
    this.flush(data, first, offset, count);
    return offset;
  }

  private flush(data: Buffer, start: number, end: number, count: number): void {
    if (count > 0) this.onRows(data.subarray(start, end), count);
  }

  /** The row starting at `offset` needs at least `bytes` bytes: keep it for the next chunk. */
  private wait(bytes: number, offset: number): number {
    this.needed = bytes;
    return offset;
  }

  /** Appends data[start, end) to the partial row. */
  private keep(data: Buffer, start: number, end: number): void {
    const length = this.partialBytes + end - start;
    if (length > this.partial.length) {
      const larger = Buffer.alloc(Math.max(length, this.partial.length * 2));
      this.partial.copy(larger, 0, 0, this.partialBytes);
      this.partial = larger;
    }
    data.copy(this.partial, this.partialBytes, start, end);
    this.partialBytes = length;
  }
}
