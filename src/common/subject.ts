import { Field, InputType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsString, MaxLength } from 'class-validator';
import { BadInputError } from './errors.js';
import { validateCitizenId, validateCreditCode } from './identifiers/index.js';
import { INPUT_MESSAGES } from './validation-messages.js';

/** Whose data a request is about: a person (公民身份号码) or a legal entity (统一社会信用代码). */
export enum SubjectType {
  PERSON = 'PERSON',
  LEGAL_ENTITY = 'LEGAL_ENTITY',
}

registerEnumType(SubjectType, {
  name: 'SubjectType',
  description: 'PERSON: identified by 公民身份号码 (GB 11643); LEGAL_ENTITY: by 统一社会信用代码 (GB 32100).',
});

@InputType({ description: 'A person or legal entity, by its national identifier.' })
export class SubjectInput {
  @Field(() => SubjectType)
  @IsEnum(SubjectType, INPUT_MESSAGES.subjectType)
  type: SubjectType;

  @Field({ description: '18-character 公民身份号码 (PERSON) or 统一社会信用代码 (LEGAL_ENTITY).' })
  @IsString(INPUT_MESSAGES.subjectId)
  @MaxLength(64, INPUT_MESSAGES.subjectId)
  id: string;
}

export interface Subject {
  type: SubjectType;
  /** The identifier validated and normalised (upper case). */
  id: string;
}

/** Validates the identifier for its type; a bad one is BAD_USER_INPUT naming `field`. */
export function validateSubject(subject: { type: SubjectType | `${SubjectType}`; id: string }, field = 'subject.id'): Subject {
  const id = subject.id.trim();
  if (subject.type === SubjectType.PERSON) {
    const check = validateCitizenId(id);
    if (!check.ok) throw new BadInputError(`${field}: ${check.reason}`, field);
    return { type: SubjectType.PERSON, id: check.normalized };
  }
  if (subject.type === SubjectType.LEGAL_ENTITY) {
    const check = validateCreditCode(id);
    if (!check.ok) throw new BadInputError(`${field}: ${check.reason}`, field);
    return { type: SubjectType.LEGAL_ENTITY, id: check.normalized };
  }
  throw new BadInputError(`${field.replace(/\.id$/, '.type')}: must be PERSON or LEGAL_ENTITY`, field.replace(/\.id$/, '.type'));
}
