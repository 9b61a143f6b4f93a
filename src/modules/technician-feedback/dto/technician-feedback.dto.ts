import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { AbsentIfBlank, AbsentIfNull } from '../../../common/validation/absent';
import { IsOmittable } from '../../../common/validation/is-omittable';
import { PROBLEM_CATEGORIES, ProblemCategory } from '../../diagnosis/problem-categories';

const FREE_TEXT = 2000;

/**
 * A technician's report after a visit, as the legacy form sends it too: the three flags default to a
 * correct diagnosis with sufficient parts and no second trip; an optional field sent as null, or an empty
 * text, counts as not given.
 */
export class CreateTechnicianFeedbackDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5, example: 4, description: 'How the visit went, 1 to 5' })
  @IsInt()
  @Min(1)
  @Max(5)
  rating!: number;

  @AbsentIfBlank()
  @IsOmittable()
  @IsString()
  @MaxLength(FREE_TEXT)
  comment?: string;

  /** Was the assistant's diagnosis right? (default true) false requires actual_problem and actual_solution. */
  @ApiPropertyOptional({ default: true })
  @AbsentIfNull()
  @IsOmittable()
  @IsBoolean()
  diagnosis_correct: boolean = true;

  /** Did the parts brought suffice? (default true) */
  @ApiPropertyOptional({ default: true })
  @AbsentIfNull()
  @IsOmittable()
  @IsBoolean()
  parts_sufficient: boolean = true;

  /** Was a second trip needed? (default false) */
  @ApiPropertyOptional({ default: false })
  @AbsentIfNull()
  @IsOmittable()
  @IsBoolean()
  second_trip_required: boolean = false;

  /**
   * The session this visit was about. A session dispatched to you links the report (it teaches the
   * assistant and counts in the quality figures); any other id is kept as an unverified reference.
   */
  @AbsentIfBlank()
  @IsOmittable()
  @IsUUID()
  chat_session_id?: string;

  @AbsentIfBlank()
  @IsOmittable()
  @IsString()
  @MaxLength(FREE_TEXT)
  actual_problem?: string;

  /** Why it happened (legacy field). */
  @AbsentIfBlank()
  @IsOmittable()
  @IsString()
  @MaxLength(FREE_TEXT)
  actual_reason?: string;

  @AbsentIfBlank()
  @IsOmittable()
  @IsString()
  @MaxLength(FREE_TEXT)
  actual_solution?: string;

  /** The parts it really took, as free text (legacy field; missing_parts is the structured list). */
  @AbsentIfBlank()
  @IsOmittable()
  @IsString()
  @MaxLength(FREE_TEXT)
  actual_parts_needed?: string;

  /** Whether a visit was needed at all (legacy field). */
  @AbsentIfNull()
  @IsOmittable()
  @IsBoolean()
  field_trip_was_required?: boolean;

  /** What the assistant had said, as the technician saw it (legacy snapshot fields). */
  @AbsentIfBlank()
  @IsOmittable()
  @IsString()
  @MaxLength(FREE_TEXT)
  ai_diagnosed_problem?: string;

  @AbsentIfBlank()
  @IsOmittable()
  @IsString()
  @MaxLength(FREE_TEXT)
  ai_recommended_parts?: string;

  @AbsentIfBlank()
  @IsOmittable()
  @IsString()
  @MaxLength(FREE_TEXT)
  ai_solution_strategy?: string;

  /** One of the documented component categories; derived from actual_problem when not given and it can be. */
  @AbsentIfBlank()
  @IsOmittable()
  @IsIn(PROBLEM_CATEGORIES)
  actual_problem_category?: ProblemCategory;

  @AbsentIfNull()
  @IsOmittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  missing_parts?: string[];

  @AbsentIfBlank()
  @IsOmittable()
  @IsString()
  @MaxLength(500)
  second_trip_reason?: string;
}

export class TechnicianFeedbackResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  /** The reporting technician (null once their account is deleted). */
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true })
  technician_id!: string | null;

  /** The session the report names (linked, or an unverified reference: see session_verified). */
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true })
  chat_session_id!: string | null;

  /** true when chat_session_id is a session dispatched to the technician (it then counts and teaches). */
  @ApiProperty()
  session_verified!: boolean;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5, example: 4 })
  rating!: number;

  @ApiProperty({ type: 'string', nullable: true })
  comment!: string | null;

  @ApiProperty()
  diagnosis_correct!: boolean;

  @ApiProperty()
  parts_sufficient!: boolean;

  @ApiProperty()
  second_trip_required!: boolean;

  @ApiProperty({ type: 'string', nullable: true })
  actual_problem!: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  actual_solution!: string | null;

  @ApiProperty({ enum: PROBLEM_CATEGORIES, nullable: true })
  actual_problem_category!: ProblemCategory | null;

  @ApiProperty({ type: [String], nullable: true })
  missing_parts!: string[] | null;

  @ApiProperty({ type: 'string', nullable: true })
  second_trip_reason!: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  actual_reason!: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  actual_parts_needed!: string | null;

  @ApiProperty({ type: 'boolean', nullable: true })
  field_trip_was_required!: boolean | null;

  @ApiProperty({ type: 'string', nullable: true })
  ai_diagnosed_problem!: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  ai_recommended_parts!: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  ai_solution_strategy!: string | null;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiProperty({ format: 'date-time' })
  updated_at!: string;

  @ApiPropertyOptional({ description: 'Present (true) when a stored field could not be decrypted' })
  decryption_error?: boolean;
}
