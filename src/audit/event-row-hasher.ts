import { isUtf8 } from 'node:buffer';
import { hash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json.js';
import { CANONICAL_HEAD, EVENT_COLUMN_TYPES, EVENT_COLUMNS } from './canonical.js';
import { forEachRow, RowFields } from './copy-binary.js';

/**
 * The verifier's hot path: the leaf hash of an `audit_event` row read by binary COPY
 * (copy-binary.ts), computed from the row's bytes without building JS values for it.
 *
 * The canonical form (canonical.ts) is the RFC 8785 JSON of an array of the columns, which for
 * text, integers and text arrays is what JSON.stringify writes; here the same UTF-8 bytes are
 * written straight into one reusable buffer: text is copied byte for byte with JSON.stringify's
 * escapes (`\"`, `\\`, `\b \f \n \r \t`, other control characters as `\u00xx`; valid UTF-8
 * holds no lone surrogates, the only other thing JSON.stringify escapes), text arrays are walked
 * in their binary layout, and only the two JSON columns are parsed and re-serialised
 * (canonicalJson) in JS, through a small cache since the same few values recur. test/audit/
 * row-hasher.test.ts checks the bytes against canonicalEvent() for awkward values.
 */

/**
 * The select list of the verifier's COPY: every column in canonical order, cast to the type whose
 * binary layout is decoded here (a no-op for the table as migrated), then the stored leaf hash.
 */
export const EVENT_COPY_COLUMNS = [...EVENT_COLUMNS.map((column) => `${column}::${EVENT_COLUMN_TYPES[column]}`), 'leaf_hash::bytea'].join(', ');
export const EVENT_COPY_FIELDS = EVENT_COLUMNS.length + 1;

const TYPE_CODES = { int8: 0, int4: 1, uuid: 2, timestamptz: 3, text: 4, 'text[]': 5, jsonb: 6 } as const;
const COLUMN_CODES = Uint8Array.from(EVENT_COLUMNS.map((column) => TYPE_CODES[EVENT_COLUMN_TYPES[column]]));
const LEAF_INDEX = EVENT_COLUMNS.indexOf('leaf_index');
const ID = EVENT_COLUMNS.indexOf('id');
const RECORDED_AT = EVENT_COLUMNS.indexOf('recorded_at');
const LEAF_HASH = EVENT_COLUMNS.length;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const DASH = 0x2d;
const NULL_BYTES = Buffer.from('null');
const HEAD_BYTES = Buffer.from(CANONICAL_HEAD);
/** Lower-case hex digits of every byte, two each (PostgreSQL prints uuids in lower case too). */
const HEX = Buffer.from(Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0')).join(''), 'latin1');
/** JSON.stringify's short escapes (the letter after the backslash); every other byte below 0x20 becomes \u00xx. */
const SHORT_ESCAPES = new Uint8Array(256);
for (const [byte, letter] of [[0x08, 'b'], [0x09, 't'], [0x0a, 'n'], [0x0c, 'f'], [0x0d, 'r'], [QUOTE, '"'], [BACKSLASH, '\\']] as const) SHORT_ESCAPES[byte] = letter.charCodeAt(0);

/** PostgreSQL timestamps count microseconds from 2000-01-01 UTC; JS dates count milliseconds from 1970. */
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);
/** The years whose ISO form has four digits, as the writer's Date#toISOString() gives them: 0001 to 9999. */
const FIRST_MS = Date.parse('0001-01-01T00:00:00.000Z');
const END_MS = Date.parse('+010000-01-01T00:00:00.000Z');

/** A JSON column value longer than this is not cached (its canonical form is computed each time). */
const CACHED_JSON_MAX_BYTES = 1024;
const CACHED_JSON_MAX_ENTRIES = 4096;

/**
 * What the verifier needs of a run of rows, column by column: for row i, its leaf index,
 * recorded_at (PostgreSQL's own value, microseconds from 2000-01-01, for the time order check),
 * the SHA-256 leaf hash of its canonical form (32 zero bytes when it has none: a time that is not
 * whole milliseconds), whether the stored leaf_hash equals that hash, and its id as 36 ASCII
 * characters. The hasher reuses one from run to run (fresh memory costs page faults).
 */
export class HashedRows {
  count = 0;
  leafIndexes = new Float64Array(0);
  recordedAtMicros = new Float64Array(0);
  leafHashes = Buffer.alloc(0);
  matchesStored = new Uint8Array(0);
  ids = Buffer.alloc(0);

  /** Room for `count` rows, with every leaf hash zeroed. */
  reset(count: number): void {
    if (count > this.leafIndexes.length) {
      const capacity = Math.max(count, 2 * this.leafIndexes.length, 256);
      this.leafIndexes = new Float64Array(capacity);
      this.recordedAtMicros = new Float64Array(capacity);
      this.leafHashes = Buffer.alloc(capacity * 32);
      this.matchesStored = new Uint8Array(capacity);
      this.ids = Buffer.alloc(capacity * 36);
    } else {
      this.leafHashes.fill(0, 0, count * 32);
    }
    this.count = count;
  }

  /** A copy: these buffers are reused for the next run, while the verifier keeps leaf hashes in its Merkle range. */
  leafHash(row: number): Buffer {
    const copy = Buffer.allocUnsafe(32);
    for (let i = 0, at = row * 32; i < 32; i++) copy[i] = this.leafHashes[at + i];
    return copy;
  }

  id(row: number): string {
    return this.ids.toString('latin1', row * 36, row * 36 + 36);
  }
}

/**
 * Small writes below go byte by byte or through Uint8Array#set: for a few bytes both are much
 * cheaper than Buffer#copy and friends, and this runs about thirty times per row.
 */
export class EventRowHasher {
  private readonly hashed = new HashedRows();
  private readonly fields = new RowFields(EVENT_COPY_FIELDS);
  /** 0x00 (the RFC 9162 leaf prefix) then the canonical form; grows for a large row. */
  private out = Buffer.allocUnsafe(16 * 1024);
  private at = 0;
  private readonly jsonCache = new Map<string, Uint8Array>();
  /** `YYYY-MM-DDTHH:MM:SS.` of the last second seen: consecutive events mostly share it. */
  private isoSecond = NaN;
  private readonly isoPrefix = new Uint8Array(20);
  /** Where the current row's id text starts in `out`. */
  private idAt = 0;

  /**
   * Hashes `count` whole binary COPY rows of `audit_event` (the verifier's COPY:
   * EVENT_COPY_COLUMNS). The result is valid until the next call.
   */
  hashRows(rows: Buffer, count: number): HashedRows {
    const hashed = this.hashed;
    hashed.reset(count);
    forEachRow(rows, this.fields, (row) => {
      if (row >= count) throw new Error(`COPY rows: more than the ${count} announced`);
      this.hashRow(rows, this.fields, hashed, row);
    });
    return hashed;
  }

  /** Writes row `row` of `out` from the row whose fields are in `data` at `fields`. */
  private hashRow(data: Buffer, fields: RowFields, out: HashedRows, row: number): void {
    if (fields.length(LEAF_INDEX) !== 8 || fields.length(ID) !== 16 || fields.length(RECORDED_AT) !== 8) {
      throw new Error('audit_event row with a NULL or malformed leaf_index, id or recorded_at');
    }
    this.at = 0;
    this.ensure(HEAD_BYTES.length + 1);
    this.out[this.at++] = 0x00;
    this.put(HEAD_BYTES);
    const hasCanonical = this.writeColumns(data, fields);
    out.ids.set(this.out.subarray(this.idAt, this.idAt + 36), row * 36);
    out.leafIndexes[row] = readInt64(data, fields.start(LEAF_INDEX));
    out.recordedAtMicros[row] = readInt64(data, fields.start(RECORDED_AT));
    // Without a canonical form the leaf hash stays 32 zero bytes (reset() zeroed them).
    if (hasCanonical) {
      let bytes = new Uint8Array(this.out.buffer, this.out.byteOffset, this.at);
      // Only a database whose encoding is not UTF-8 could hand out invalid UTF-8; the canonical
      // form is a JS string, so such bytes count as U+FFFD there, as decoding them does here.
      if (!isUtf8(bytes)) bytes = Buffer.from(Buffer.from(bytes).toString('utf8'));
      // As a 'binary' (latin1) string, one character per byte, the digest costs far less than as a Buffer (see merkle.ts).
      const digest = hash('sha256', bytes, 'binary');
      for (let i = 0, at = row * 32; i < 32; i++) out.leafHashes[at + i] = digest.charCodeAt(i);
    }
    out.matchesStored[row] = fields.length(LEAF_HASH) === 32 && equal32(out.leafHashes, row * 32, data, fields.start(LEAF_HASH)) ? 1 : 0;
  }

  /** Writes `col,col,…]` after the head; false when the row cannot have a canonical form. */
  private writeColumns(data: Buffer, fields: RowFields): boolean {
    for (let column = 0; column < COLUMN_CODES.length; column++) {
      this.ensure(1);
      if (column > 0) this.out[this.at++] = COMMA;
      const start = fields.start(column);
      const length = fields.length(column);
      if (length < 0) {
        this.put(NULL_BYTES);
        continue;
      }
      switch (COLUMN_CODES[column]) {
        case TYPE_CODES.int8:
          this.writeInt64(data, start);
          break;
        case TYPE_CODES.int4:
          this.writeInteger(data.readInt32BE(start));
          break;
        case TYPE_CODES.uuid:
          if (column === ID) this.idAt = this.at + 1;
          this.writeUuid(data, start);
          break;
        case TYPE_CODES.timestamptz:
          if (!this.writeTime(readInt64(data, start))) return false;
          break;
        case TYPE_CODES.text:
          this.writeJsonString(data, start, length);
          break;
        case TYPE_CODES['text[]']:
          this.writeTextArray(data, start);
          break;
        case TYPE_CODES.jsonb:
          this.writeJson(data, start, length);
          break;
      }
    }
    this.ensure(1);
    this.out[this.at++] = 0x5d; // ]
    return true;
  }

  /** `"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"` */
  private writeUuid(data: Buffer, start: number): void {
    this.ensure(38);
    const out = this.out;
    let at = this.at;
    out[at++] = QUOTE;
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) out[at++] = DASH;
      const byte = data[start + i];
      out[at++] = HEX[byte * 2];
      out[at++] = HEX[byte * 2 + 1];
    }
    out[at++] = QUOTE;
    this.at = at;
  }

  /** `"YYYY-MM-DDTHH:MM:SS.mmmZ"`, as Date#toISOString(); false for a time the writer cannot have produced. */
  private writeTime(micros: number): boolean {
    if (micros % 1000 !== 0) return false;
    const ms = POSTGRES_EPOCH_MS + micros / 1000;
    if (!(ms >= FIRST_MS && ms < END_MS)) return false;
    const second = Math.floor(ms / 1000);
    if (second !== this.isoSecond) {
      const prefix = new Date(second * 1000).toISOString();
      for (let i = 0; i < 20; i++) this.isoPrefix[i] = prefix.charCodeAt(i);
      this.isoSecond = second;
    }
    const milli = ms - second * 1000;
    this.ensure(26);
    const out = this.out;
    out[this.at++] = QUOTE;
    this.put(this.isoPrefix);
    out[this.at++] = 0x30 + Math.floor(milli / 100);
    out[this.at++] = 0x30 + (Math.floor(milli / 10) % 10);
    out[this.at++] = 0x30 + (milli % 10);
    out[this.at++] = 0x5a; // Z
    out[this.at++] = QUOTE;
    return true;
  }

  /** A text value as JSON.stringify writes it. */
  private writeJsonString(data: Buffer, start: number, length: number): void {
    this.ensure(length * 6 + 2);
    const out = this.out;
    let at = this.at;
    out[at++] = QUOTE;
    for (let i = start, end = start + length; i < end; i++) {
      const byte = data[i];
      if (byte >= 0x20 && byte !== QUOTE && byte !== BACKSLASH) {
        out[at++] = byte;
        continue;
      }
      out[at++] = BACKSLASH;
      const short = SHORT_ESCAPES[byte];
      if (short !== 0) out[at++] = short;
      else {
        out[at++] = 0x75; // u
        out[at++] = 0x30;
        out[at++] = 0x30;
        out[at++] = HEX[byte * 2];
        out[at++] = HEX[byte * 2 + 1];
      }
    }
    out[at++] = QUOTE;
    this.at = at;
  }

  /**
   * A text[] in binary form (dimension count, has-null flag, element type, per dimension its size
   * and lower bound, then each element length-prefixed, -1 for NULL) as the nested JSON arrays
   * JSON.stringify writes for node-postgres's parse of it; the lower bounds play no part.
   */
  private writeTextArray(data: Buffer, start: number): void {
    const dimensions = data.readInt32BE(start);
    const elements = start + 12 + dimensions * 8;
    if (dimensions <= 1) {
      this.writeElements(data, elements, dimensions === 0 ? 0 : data.readInt32BE(start + 12));
      return;
    }
    const sizes: number[] = [];
    for (let d = 0; d < dimensions; d++) sizes.push(data.readInt32BE(start + 12 + d * 8));
    let element = elements;
    const writeLevel = (level: number): void => {
      if (level === dimensions - 1) {
        element = this.writeElements(data, element, sizes[level]);
        return;
      }
      this.ensure(1);
      this.out[this.at++] = 0x5b; // [
      for (let i = 0; i < sizes[level]; i++) {
        if (i > 0) {
          this.ensure(1);
          this.out[this.at++] = COMMA;
        }
        writeLevel(level + 1);
      }
      this.ensure(1);
      this.out[this.at++] = 0x5d; // ]
    };
    writeLevel(0);
  }

  /** `count` length-prefixed elements from `element` as one JSON array; returns where the next element starts. */
  private writeElements(data: Buffer, element: number, count: number): number {
    this.ensure(1);
    this.out[this.at++] = 0x5b; // [
    for (let i = 0; i < count; i++) {
      if (i > 0) {
        this.ensure(1);
        this.out[this.at++] = COMMA;
      }
      const length = data.readInt32BE(element);
      element += 4;
      if (length < 0) this.put(NULL_BYTES);
      else {
        this.writeJsonString(data, element, length);
        element += length;
      }
    }
    this.ensure(1);
    this.out[this.at++] = 0x5d; // ]
    return element;
  }

  /** A jsonb value (version byte 1, then its text) as canonicalJson, as canonicalEvent() writes it. */
  private writeJson(data: Buffer, start: number, length: number): void {
    if (length < 1 || data[start] !== 1) throw new Error('audit_event row with a jsonb value in an unknown binary version');
    const cacheable = length <= CACHED_JSON_MAX_BYTES;
    // latin1 maps each byte to one character: a cheap key that tells any two byte strings apart.
    const key = cacheable ? data.toString('latin1', start + 1, start + length) : '';
    let canonical = cacheable ? this.jsonCache.get(key) : undefined;
    if (canonical === undefined) {
      canonical = Buffer.from(canonicalJson(JSON.parse(data.toString('utf8', start + 1, start + length))));
      if (cacheable) {
        if (this.jsonCache.size >= CACHED_JSON_MAX_ENTRIES) this.jsonCache.clear();
        this.jsonCache.set(key, canonical);
      }
    }
    this.put(canonical);
  }

  /** A safe integer in decimal, as JSON.stringify and PostgreSQL both print it. */
  private writeInteger(value: number): void {
    const text = String(value);
    this.ensure(text.length);
    for (let i = 0; i < text.length; i++) this.out[this.at++] = text.charCodeAt(i);
  }

  /** A big-endian int64 in decimal, exact at any size (as PostgreSQL prints it). */
  private writeInt64(data: Buffer, start: number): void {
    const high = data.readInt32BE(start);
    if (high >= -(2 ** 21) && high < 2 ** 21) this.writeInteger(high * 4294967296 + data.readUInt32BE(start + 4));
    else {
      const text = data.readBigInt64BE(start).toString();
      this.ensure(text.length);
      for (let i = 0; i < text.length; i++) this.out[this.at++] = text.charCodeAt(i);
    }
  }

  private put(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.out.set(bytes, this.at);
    this.at += bytes.length;
  }

  private ensure(bytes: number): void {
    if (this.at + bytes <= this.out.length) return;
    const larger = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.at + bytes));
    larger.set(this.out.subarray(0, this.at));
    this.out = larger;
  }
}

/** A big-endian int64 as a number (exact below 2^53, which leaf indexes and timestamps stay under). */
function readInt64(data: Buffer, start: number): number {
  return data.readInt32BE(start) * 4294967296 + data.readUInt32BE(start + 4);
}

/** Are 32 bytes of `a` from `aStart` those of `b` from `bStart`? (Buffer#compare with offsets costs more than this loop.) */
function equal32(a: Uint8Array, aStart: number, b: Uint8Array, bStart: number): boolean {
  let difference = 0;
  for (let i = 0; i < 32; i++) difference |= a[aStart + i] ^ b[bStart + i];
  return difference === 0;
}
