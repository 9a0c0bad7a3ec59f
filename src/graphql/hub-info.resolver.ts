import { Public } from '../auth/decorators.js';
import { Field, ObjectType, Query, Resolver } from '@nestjs/graphql';

@ObjectType({ description: 'Who this hub is; answers without a token.' })
export class HubInfo {
  @Field() name: string;
  @Field() version: string;
}

@Resolver(() => HubInfo)
export class HubInfoResolver {
  @Public()
  @Query(() => HubInfo, { description: 'The hub name and version.' })
  hubInfo(): HubInfo {
    return { name: 'sharehub 公共数据共享交换平台', version: HUB_VERSION };
  }
}

export const HUB_VERSION = '0.1.0';
