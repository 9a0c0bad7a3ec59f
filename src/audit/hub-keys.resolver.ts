import { Inject } from '@nestjs/common';
import { Args, Field, GraphQLISODateTime, Int, Mutation, ObjectType, Query, registerEnumType, Resolver } from '@nestjs/graphql';
import { Action, Authorize } from '../auth/authorize.js';
import { CurrentPrincipal } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { RequestId } from '../common/request-id.decorator.js';
import { HubKeys, type HubKeyKind, type HubKeyRecord } from '../keys/hub-keys.js';
import { AUDIT_KEYS } from './audit.constants.js';
import type { AuditKeys } from './audit-keys.js';
import { AuditWriter } from './audit-writer.js';

export enum HubKeyKindGql {
  CHECKPOINT = 'checkpoint',
  RECEIPT = 'receipt',
  SUBJECT_HASH = 'subject-hash',
  TOKEN = 'token',
}

registerEnumType(HubKeyKindGql, {
  name: 'HubKeyKind',
  description: 'CHECKPOINT signs audit checkpoints; RECEIPT signs disclosure receipts; SUBJECT_HASH keys subject references; TOKEN signs the hub\'s own (non-production) tokens. Seal keys: rotateSealKey.',
});

@ObjectType('HubKey', { description: 'One generation of a key the hub holds (never its private half).' })
export class HubKeyGql {
  @Field(() => HubKeyKindGql) kind: HubKeyKindGql;
  @Field(() => Int) generation: number;
  @Field({ description: 'Key id: in JWS headers and /.well-known/sharehub/jwks.json.' }) kid: string;
  @Field() alg: string;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was rotated out (null: current). It still verifies what it signed.' }) retiredAt: Date | null;
}

function toGql(record: HubKeyRecord): HubKeyGql {
  return { kind: record.kind as HubKeyKindGql, generation: record.generation, kid: record.kid, alg: record.alg, createdAt: record.createdAt, retiredAt: record.retiredAt };
}

/** The hub's key generations and their rotation (same as `npm run keys`; docs/keys.md). */
@Resolver()
export class HubKeysResolver {
  constructor(
    @Inject(HubKeys) private readonly keys: HubKeys,
    @Inject(AuditWriter) private readonly writer: AuditWriter,
    @Inject(AUDIT_KEYS) private readonly auditKeys: AuditKeys,
  ) {}

  @Query(() => [HubKeyGql], { description: 'Every generation of the hub\'s own keys, current and retired. Role auditor (an admin rotates them: rotateHubKey).' })
  @Authorize(Action.AUDIT_READ)
  async hubKeys(): Promise<HubKeyGql[]> {
    return (await this.keys.list()).map(toGql);
  }

  @Mutation(() => HubKeyGql, {
    description: 'Makes the next generation of a hub key current; the old one stays published and verifying. Admin; audited (KEY_ROTATE). Other hub processes take it within 30 s.',
  })
  @Authorize(Action.ADMIN)
  async rotateHubKey(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Args('kind', { type: () => HubKeyKindGql }) kind: HubKeyKindGql,
    @Args('reason', { type: () => String, nullable: true }) reason?: string | null,
  ): Promise<HubKeyGql> {
    const { next } = await this.keys.rotate(kind as HubKeyKind, (key, previous) =>
      this.writer.record({
        kind: 'ADMIN',
        action: 'KEY_ROTATE',
        requestId,
        principal,
        target: kind,
        reason: reason ?? undefined,
        details: { kind, generation: key.generation, kid: key.kid, previousKid: previous.kid },
      }),
    );
    if (kind === HubKeyKindGql.SUBJECT_HASH) await this.auditKeys.subjects.refresh();
    return toGql(next);
  }
}
