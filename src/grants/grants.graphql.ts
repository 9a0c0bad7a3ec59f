import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsDate, IsEnum, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageInfo } from '../graphql/page-info.js';
import { ReviewDecision } from './applications.service.js';
import { ApplicationStatus, GrantScope, ItemDecision } from './grant.types.js';

registerEnumType(GrantScope, { name: 'GrantScope', description: 'READ releases values; VERIFY only answers match / no match.' });
registerEnumType(ApplicationStatus, { name: 'ApplicationStatus' });
registerEnumType(ItemDecision, { name: 'ItemDecision' });
registerEnumType(ReviewDecision, { name: 'ReviewDecision' });

const ITEM_CODE = /^[0-9]{6,8}\/[0-9]{6}\/[0-9]{3}$/;
const DEPT_CODE = /^[A-Za-z0-9-]{1,32}$/;

@ObjectType({ description: 'Permission of a consumer department to read or verify one data item.' })
export class Grant {
  @Field(() => ID) id: string;
  @Field() consumerDept: string;
  @Field() itemCode: string;
  @Field() providerDept: string;
  @Field(() => GrantScope) scope: GrantScope;
  @Field({ description: 'Values are released without masking.' }) unmasked: boolean;
  @Field() purpose: string;
  @Field() validFrom: Date;
  @Field() validUntil: Date;
  @Field(() => Int, { nullable: true }) dailyQuota: number | null;
  @Field() grantedBy: string;
  @Field(() => ID, { nullable: true }) applicationId: string | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) revokedAt: Date | null;
  @Field(() => String, { nullable: true }) revokedBy: string | null;
  @Field(() => String, { nullable: true }) revokeReason: string | null;
  @Field(() => String, { nullable: true, description: '事项编码: the grant serves only requests whose purpose names this matter; null: any matter.' }) matterCode: string | null;
  @Field({ description: 'Not revoked and within its validity now.' }) active: boolean;
}

@ObjectType()
export class GrantEdge {
  @Field() cursor: string;
  @Field(() => Grant) node: Grant;
}

@ObjectType()
export class GrantConnection {
  @Field(() => [GrantEdge]) edges: GrantEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}

@ObjectType()
export class ApplicationItem {
  @Field() itemCode: string;
  @Field(() => ItemDecision) decision: ItemDecision;
}

@ObjectType({ description: 'A consumer\'s request for access to one provider\'s items (共享申请).' })
export class AccessApplication {
  @Field(() => ID) id: string;
  @Field() consumerDept: string;
  @Field() providerDept: string;
  @Field() applicant: string;
  @Field(() => String, { nullable: true }) applicantName: string | null;
  @Field(() => GrantScope) scope: GrantScope;
  @Field() unmasked: boolean;
  @Field() purpose: string;
  @Field() legalBasis: string;
  @Field() validUntil: Date;
  @Field(() => ApplicationStatus) status: ApplicationStatus;
  @Field() submittedAt: Date;
  @Field({ description: 'Submission + the configured working days (10 by default).' }) dueAt: Date;
  @Field({ description: 'Pending and past due.' }) overdue: boolean;
  @Field(() => Date, { nullable: true }) decidedAt: Date | null;
  @Field(() => String, { nullable: true }) decidedBy: string | null;
  @Field(() => String, { nullable: true }) decisionReason: string | null;
  @Field(() => [ApplicationItem]) items: ApplicationItem[];
}

@ObjectType()
export class AccessApplicationEdge {
  @Field() cursor: string;
  @Field(() => AccessApplication) node: AccessApplication;
}

@ObjectType()
export class AccessApplicationConnection {
  @Field(() => [AccessApplicationEdge]) edges: AccessApplicationEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}

@InputType()
export class ApplyForAccessInput {
  @Field(() => [String]) @ArrayMinSize(1) @ArrayMaxSize(200) @Matches(ITEM_CODE, { each: true, message: 'each item code looks like 101001/000001/001' })
  itemCodes: string[];
  @Field() @IsString() @Length(2, 500) purpose: string;
  @Field({ description: 'The law or policy that requires the data (申请依据).' }) @IsString() @Length(2, 500) legalBasis: string;
  @Field() @IsDate() validUntil: Date;
  @Field(() => GrantScope, { defaultValue: GrantScope.READ }) @IsEnum(GrantScope) scope: GrantScope;
  @Field({ defaultValue: false }) @IsBoolean() unmasked: boolean;
}

@InputType()
export class ReviewAccessApplicationInput {
  @Field(() => ID) @IsString() @MaxLength(64) id: string;
  @Field(() => ReviewDecision) @IsEnum(ReviewDecision) decision: ReviewDecision;
  @Field(() => String, { nullable: true, description: 'Required when anything is refused.' })
  @IsOptional() @IsString() @MaxLength(1000) reason?: string | null;
  @Field(() => [String], { nullable: true, description: 'APPROVE only these pending items; the others are refused.' })
  @IsOptional() @ArrayMaxSize(200) @Matches(ITEM_CODE, { each: true }) itemCodes?: string[] | null;
}

@InputType()
export class GrantAccessInput {
  @Field() @Matches(DEPT_CODE) consumerDept: string;
  @Field(() => [String]) @ArrayMinSize(1) @ArrayMaxSize(200) @Matches(ITEM_CODE, { each: true, message: 'each item code looks like 101001/000001/001' })
  itemCodes: string[];
  @Field(() => GrantScope, { defaultValue: GrantScope.READ }) @IsEnum(GrantScope) scope: GrantScope;
  @Field({ defaultValue: false }) @IsBoolean() unmasked: boolean;
  @Field() @IsString() @Length(2, 500) purpose: string;
  @Field() @IsDate() validUntil: Date;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(10_000_000) dailyQuota?: number | null;
  @Field(() => String, { nullable: true, description: '事项编码: limit the grant to this matter.' }) @IsOptional() @IsString() @Length(1, 64) matterCode?: string | null;
}

@InputType()
export class GrantFilterInput {
  @Field({ nullable: true }) @IsOptional() @Matches(DEPT_CODE) consumerDept?: string;
  @Field({ nullable: true }) @IsOptional() @Matches(DEPT_CODE) providerDept?: string;
  @Field({ nullable: true }) @IsOptional() @Matches(ITEM_CODE) itemCode?: string;
  @Field({ nullable: true, description: 'Only grants usable now.' }) @IsOptional() @IsBoolean() activeOnly?: boolean;
}

@InputType()
export class ApplicationFilterInput {
  @Field(() => ApplicationStatus, { nullable: true }) @IsOptional() @IsEnum(ApplicationStatus) status?: ApplicationStatus;
  @Field({ nullable: true }) @IsOptional() @Matches(DEPT_CODE) consumerDept?: string;
  @Field({ nullable: true }) @IsOptional() @Matches(DEPT_CODE) providerDept?: string;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() overdue?: boolean;
}
