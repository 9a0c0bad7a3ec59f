import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GrantScope } from '../../grants/grant.types.js';
import { DenialReason } from '../denial-reason.js';

registerEnumType(DenialReason, {
  name: 'DenialReason',
  description: 'Why the policy decision point refused an item for a subject.',
  valuesMap: {
    NO_GRANT: { description: 'The consumer department holds no grant for the item.' },
    EXPIRED: { description: 'The grant has expired.' },
    REVOKED: { description: 'The grant was revoked.' },
    NOT_SHAREABLE: { description: 'The item is not shared (不予共享) or its resource is not published.' },
    SCOPE: { description: 'The grant allows verification only, not reading.' },
    UNKNOWN_ITEM: { description: 'No such item in the catalogue.' },
    WRONG_SUBJECT: { description: 'The item is about another kind of subject (person / legal entity).' },
    PURPOSE_MISMATCH: { description: 'The grant is limited to another matter than purpose.matterCode.' },
    CONSENT_REQUIRED: { description: 'The matter needs the subject\'s consent, and none is on record.' },
    QUOTA_EXCEEDED: { description: 'The grant\'s daily quota (China calendar day) is used up.' },
    RATE_LIMITED: { description: 'The principal\'s request rate is exceeded.' },
    VERIFY_LIMITED: { description: 'Too many non-matching verify answers for this department, subject and item in 24 h.' },
  },
});

@ObjectType({ description: 'An item the policy refused (for this subject), and why.' })
export class Denial {
  @Field() itemCode: string;
  @Field(() => DenialReason) reason: DenialReason;
}

@ObjectType()
export class ItemAccess {
  @Field() itemCode: string;
  @Field() itemName: string;
  @Field(() => GrantScope) scope: GrantScope;
  @Field() unmasked: boolean;
  @Field() validUntil: Date;
  @Field(() => Int, { nullable: true }) dailyQuota: number | null;
  @Field(() => String, { nullable: true, description: '事项编码: the grant serves only requests naming this matter.' }) matterCode: string | null;
  @Field(() => ID) grantId: string;
}

@ObjectType({ description: 'What the calling department may query now from one resource.' })
export class ResourceAccess {
  @Field() resourceCode: string;
  @Field() resourceName: string;
  @Field() providerDept: string;
  @Field(() => [ItemAccess]) items: ItemAccess[];
}

@ObjectType({ description: 'The policy decision for the calling department, without fetching any data.' })
export class AccessCheck {
  @Field(() => [String]) allowed: string[];
  @Field(() => [Denial]) denied: Denial[];
}
