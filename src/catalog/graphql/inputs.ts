import { Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  DataType,
  DEPARTMENT_CODE_PATTERN,
  ITEM_CODE_PATTERN,
  MaskRule,
  RESOURCE_CODE_PATTERN,
  ResourceFormat,
  ResourceStatus,
  ShareMethod,
  ShareType,
  SubjectType,
  UpdateCycle,
} from '../model.js';
import { MAX_KEYWORD_LENGTH } from '../catalog.repository.js';
import { LIMITS } from '../validation.js';

@InputType('ResourceFilter', { description: 'Narrows a list of resources; all given conditions must hold.' })
export class ResourceFilterInput {
  @Field({ nullable: true, description: 'Provider department code' })
  @IsOptional()
  @IsString()
  @MaxLength(33)
  departmentCode?: string;

  @Field(() => ShareType, { nullable: true })
  @IsOptional()
  @IsEnum(ShareType)
  shareType?: ShareType;

  @Field(() => ShareMethod, { nullable: true, description: '共享方式' })
  @IsOptional()
  @IsEnum(ShareMethod)
  shareMethod?: ShareMethod;

  @Field(() => Int, { nullable: true, description: '最高敏感级: resources whose most sensitive item is at this level (1 public … 4 highly sensitive)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(4)
  highestSensitivity?: number;

  @Field(() => SubjectType, { nullable: true })
  @IsOptional()
  @IsEnum(SubjectType)
  subjectType?: SubjectType;

  @Field({ nullable: true, description: 'Classification code prefix (1, 101, 101003) or label path prefix (基础/人口)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  category?: string;

  @Field(() => ResourceStatus, { nullable: true })
  @IsOptional()
  @IsEnum(ResourceStatus)
  status?: ResourceStatus;

  @Field({ nullable: true, description: `Substring of the name, summary or an item name (Chinese or not), at most ${MAX_KEYWORD_LENGTH} characters; ranked` })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_KEYWORD_LENGTH)
  keyword?: string;
}

@InputType('DataItemFilter', { description: 'Narrows a list of data items (resource conditions apply to the item’s resource).' })
export class DataItemFilterInput extends ResourceFilterInput {}

@InputType()
export class CategoryInput {
  @Field({ description: '6 or 8 digits, e.g. 101001' })
  @IsString()
  @Matches(/^[123]\d{5}(\d{2})?$/, { message: 'must be a 6- or 8-digit classification code' })
  code: string;

  @Field(() => [String], { description: 'Labels from 类 down, e.g. [基础, 人口, 户籍]' })
  @IsString({ each: true })
  @ArrayMinSize(3)
  @ArrayMaxSize(4)
  path: string[];
}

@InputType()
export class CertificateTypeInput {
  @Field()
  @IsString()
  @Matches(/^[0-9A-Z]{18}\d{3}$/, { message: 'must be a 统一社会信用代码 and 3 digits' })
  typeCode: string;

  @Field(() => SubjectType)
  @IsEnum(SubjectType)
  holderType: SubjectType;
}

@InputType()
export class DataItemInput {
  @Field({ description: 'Resource code + "/" + 3 digits; keep an item’s code across versions' })
  @IsString()
  @Matches(ITEM_CODE_PATTERN, { message: 'must be the resource code and a 3-digit sequence, e.g. 101001/000001/001' })
  code: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.itemName)
  name: string;

  @Field(() => DataType)
  @IsEnum(DataType)
  dataType: DataType;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  length?: number;

  @Field(() => Int, { description: '1 public … 4 highly sensitive' })
  @IsInt()
  @Min(1)
  @Max(4)
  sensitivity: number;

  @Field(() => MaskRule)
  @IsEnum(MaskRule)
  maskRule: MaskRule;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.itemDescription)
  description?: string;
}

@InputType({ description: 'A resource to create, or the next version of an existing one (same code).' })
export class PublishResourceInput {
  @Field({ description: 'classification code + "/" + 6-digit sequence, e.g. 101001/000001' })
  @IsString()
  @Matches(RESOURCE_CODE_PATTERN, { message: 'must be a 6- to 8-digit classification code, "/" and a 6-digit sequence' })
  code: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.resourceName)
  name: string;

  @Field({ description: 'A PROVIDER department' })
  @IsString()
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'must be a department code like ZJ-GAT' })
  providerCode: string;

  @Field(() => CategoryInput)
  @ValidateNested()
  @Type(() => CategoryInput)
  category: CategoryInput;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.summary)
  summary: string;

  @Field(() => ResourceFormat)
  @IsEnum(ResourceFormat)
  format: ResourceFormat;

  @Field(() => ShareType)
  @IsEnum(ShareType)
  shareType: ShareType;

  @Field({ nullable: true, description: 'Required unless UNCONDITIONAL (then 无条件); for NOT_SHARED the legal or policy basis' })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.condition)
  shareCondition?: string;

  @Field(() => ShareMethod)
  @IsEnum(ShareMethod)
  shareMethod: ShareMethod;

  @Field()
  @IsBoolean()
  openToPublic: boolean;

  @Field({ nullable: true, description: 'Required when open to the public' })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.condition)
  openCondition?: string;

  @Field(() => UpdateCycle)
  @IsEnum(UpdateCycle)
  updateCycle: UpdateCycle;

  @Field({ nullable: true, description: 'YYYY-MM-DD; default: today for a change, unchanged otherwise' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })
  publishedAt?: string;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsString({ each: true })
  @ArrayMaxSize(LIMITS.relatedResources)
  relatedResourceCodes?: string[];

  @Field(() => SubjectType)
  @IsEnum(SubjectType)
  subjectType: SubjectType;

  @Field(() => ResourceStatus, { nullable: true, description: 'DRAFT or PUBLISHED (default)' })
  @IsOptional()
  @IsEnum(ResourceStatus)
  status?: ResourceStatus;

  @Field(() => CertificateTypeInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CertificateTypeInput)
  certificate?: CertificateTypeInput;

  @Field(() => [DataItemInput])
  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(LIMITS.items)
  @Type(() => DataItemInput)
  items: DataItemInput[];
}
