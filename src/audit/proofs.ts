import { BadInputError, InternalError, NotFoundError } from '../common/errors.js';
import type { AuditRepository } from './audit.repository.js';
import type { Checkpointer, StoredCheckpoint } from './checkpointer.js';
import { consistencyRanges, EMPTY_ROOT, inclusionRanges } from './merkle.js';
import { TreeReader } from './tree-reader.js';

export interface InclusionProofData {
  eventId: string;
  leafIndex: number;
  treeSize: number;
  leafHash: Buffer;
  rootHash: Buffer;
  path: Buffer[];
  checkpoint: StoredCheckpoint | undefined;
}

export interface ConsistencyProofData {
  fromSize: number;
  toSize: number;
  fromRoot: Buffer;
  toRoot: Buffer;
  path: Buffer[];
  fromCheckpoint: StoredCheckpoint | undefined;
  toCheckpoint: StoredCheckpoint | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Inclusion and consistency proofs from the stored tree, with the signed checkpoints they answer to. */
export class ProofService {
  constructor(
    private readonly events: AuditRepository,
    private readonly checkpoints: Checkpointer,
  ) {}

  async inclusion(eventId: string, treeSize?: number | null): Promise<InclusionProofData> {
    if (!UUID.test(eventId)) throw new BadInputError('eventId: is not an audit event id', 'eventId');
    const leaf = await this.events.leafOf(eventId.toLowerCase());
    if (!leaf) throw new NotFoundError('audit event', eventId);
    let checkpoint: StoredCheckpoint | undefined;
    let size: number;
    if (treeSize === undefined || treeSize === null) {
      checkpoint = await this.checkpoints.covering(leaf.leafIndex);
      if (!checkpoint) throw new InternalError('no checkpoint covers this event yet');
      size = checkpoint.treeSize;
    } else {
      const head = await this.events.headSize();
      if (!Number.isInteger(treeSize) || treeSize <= leaf.leafIndex || treeSize > head) {
        throw new BadInputError(`treeSize: must be between ${leaf.leafIndex + 1} and the current size ${head}`, 'treeSize');
      }
      size = treeSize;
      checkpoint = await this.checkpoints.atSize(size);
    }
    const ranges = inclusionRanges(leaf.leafIndex, size);
    const hashes = await this.events.withConnection((client) => new TreeReader(client).rangeHashes([...ranges, [0, size]]));
    const rootHash = hashes.pop()!;
    assertMatches(checkpoint, rootHash);
    return { eventId: eventId.toLowerCase(), leafIndex: leaf.leafIndex, treeSize: size, leafHash: leaf.leafHash, rootHash, path: hashes, checkpoint };
  }

  async consistency(fromSize: number, toSize: number): Promise<ConsistencyProofData> {
    const head = await this.events.headSize();
    if (!Number.isInteger(fromSize) || fromSize < 1) throw new BadInputError('from: must be at least 1', 'from');
    if (!Number.isInteger(toSize) || toSize < fromSize || toSize > head) {
      throw new BadInputError(`to: must be between from (${fromSize}) and the current size ${head}`, 'to');
    }
    const ranges = consistencyRanges(fromSize, toSize);
    const hashes = await this.events.withConnection((client) => new TreeReader(client).rangeHashes([...ranges, [0, fromSize], [0, toSize]]));
    const toRoot = hashes.pop() ?? EMPTY_ROOT;
    const fromRoot = hashes.pop() ?? EMPTY_ROOT;
    const [fromCheckpoint, toCheckpoint] = await Promise.all([this.checkpoints.atSize(fromSize), this.checkpoints.atSize(toSize)]);
    assertMatches(fromCheckpoint, fromRoot);
    assertMatches(toCheckpoint, toRoot);
    return { fromSize, toSize, fromRoot, toRoot, path: hashes, fromCheckpoint, toCheckpoint };
  }
}

function assertMatches(checkpoint: StoredCheckpoint | undefined, root: Buffer): void {
  if (checkpoint && !checkpoint.rootHash.equals(root)) {
    throw new InternalError(`the stored log does not match the checkpoint signed at size ${checkpoint.treeSize}: run npm run audit -- verify`);
  }
}
