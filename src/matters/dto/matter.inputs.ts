import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsEnum, IsOptional, IsString, Length, MaxLength, ValidateNested } from 'class-validator';
import { SubjectInput, SubjectType } from '../../common/subject.js';
import { SubjectRole } from '../matter.types.js';

@InputType()
export class MatterFilterInput {
  @Field(() => String, { nullable: true, description: 'Chinese keywords (space-separated, all must match): name, 关键词, materials, department — e.g. 二手房 过户.' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  keyword?: string | null;
  @Field(() => String, { nullable: true, description: 'The department in charge.' }) @IsOptional() @IsString() @MaxLength(64) department?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Only 一件事 bundles (true) or only single matters (false).' }) @IsOptional() @IsBoolean() bundle?: boolean | null;
  @Field(() => SubjectType, { nullable: true }) @IsOptional() @IsEnum(SubjectType) applicantType?: SubjectType | null;
}

@InputType({ description: 'A related subject of a case, by role.' })
export class RoleSubjectInput {
  @Field(() => SubjectRole) @IsEnum(SubjectRole) role: SubjectRole;
  @Field(() => SubjectInput) @ValidateNested() @Type(() => SubjectInput) subject: SubjectInput;
}

@InputType()
export class PrepareCaseInput {
  @Field({ description: '事项编码, e.g. QR-ZRZYT-001 (不动产转移登记).' }) @IsString() @Length(1, 64) matterCode: string;
  @Field({ description: '办件编号.' }) @IsString() @Length(1, 64) caseNo: string;
  @Field(() => SubjectInput) @ValidateNested() @Type(() => SubjectInput) applicant: SubjectInput;
  @Field(() => [RoleSubjectInput], { nullable: true, description: 'Related subjects the window knows; others (spouse, legal representative) are derived where the matter says how.' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RoleSubjectInput)
  subjects?: RoleSubjectInput[] | null;
  @Field(() => String, { nullable: true, description: 'The applicant\'s signed authorization (授权书编号): needed for materials with items of the highest sensitivity.' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  consentRef?: string | null;
}
