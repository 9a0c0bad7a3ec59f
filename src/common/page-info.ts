import { Field, ObjectType } from '@nestjs/graphql';

/** Relay's PageInfo, shared by every connection of the API. */
@ObjectType()
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field() hasPreviousPage: boolean;
  @Field(() => String, { nullable: true }) startCursor: string | null;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

/** PageInfo for a forward page whose nodes have these cursors. */
export function forwardPageInfo(cursors: string[], hasNextPage: boolean, hadCursor: boolean): PageInfo {
  return { hasNextPage, hasPreviousPage: hadCursor, startCursor: cursors[0] ?? null, endCursor: cursors.at(-1) ?? null };
}
