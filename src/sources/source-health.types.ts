import { Field, Float, GraphQLISODateTime, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum SourceBreakerState {
  CLOSED = 'CLOSED',
  OPEN = 'OPEN',
  HALF_OPEN = 'HALF_OPEN',
  ISOLATED = 'ISOLATED',
  UNUSED = 'UNUSED',
}
registerEnumType(SourceBreakerState, {
  name: 'SourceBreakerState',
  description: 'CLOSED: calls go through; OPEN: failing, calls paused; HALF_OPEN: one probe allowed; UNUSED: not called since this process started.',
});

@ObjectType({ description: 'One department system behind source bindings, as this hub process sees it now.' })
export class SourceHealth {
  @Field({ description: 'The system: the endpoint origin (http) or sql:<connection setting>.' }) source: string;
  @Field(() => [String], { description: 'Resource codes bound to it.' }) resources: string[];
  @Field(() => SourceBreakerState) breaker: SourceBreakerState;
  @Field(() => Int, { description: 'Calls in the last five minutes (this process).' }) calls: number;
  @Field(() => Int, { description: 'Of which failed (unavailable, timed out, errors; not "not found").' }) failures: number;
  @Field(() => Float, { description: 'failures / calls (0 without calls).' }) errorRate: number;
  @Field(() => GraphQLISODateTime, { nullable: true }) lastErrorAt: Date | null;
  @Field(() => String, { nullable: true }) lastError: string | null;
}
