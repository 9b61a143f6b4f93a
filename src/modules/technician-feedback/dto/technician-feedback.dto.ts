import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { DEFAULT_LIST_LIMIT } from '../../../common/pagination/list-query.dto';
import { PROBLEM_CATEGORIES, ProblemCategory } from '../problem-categories';

export class CreateTechnicianFeedbackDto {
  @IsInt()
  @Min(1)
  @Max(5)
  rating!: number;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;

  /** Was the assistant's diagnosis right? false requires actual_problem, actual_solution, actual_problem_category. */
  @IsBoolean()
  diagnosis_correct!: boolean;

  /** Did the parts brought suffice? false requires missing_parts. */
  @IsBoolean()
  parts_sufficient!: boolean;

  /** Was a second trip needed? true requires second_trip_reason. */
  @IsBoolean()
  second_trip_required!: boolean;

  /** The dispatched session this report is about (must be assigned to you). */
  @IsOptional()
  @IsUUID()
  chat_session_id?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  actual_problem?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  actual_solution?: string;

  /** One of the documented component categories. */
  @IsOptional()
  @IsIn(PROBLEM_CATEGORIES)
  actual_problem_category?: ProblemCategory;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  missing_parts?: string[];

  @IsOptional()
  @IsString()
  @MaxLength(500)
  second_trip_reason?: string;
}

/** Like ListQueryDto but up to 200 per page (its own class: validators of a parent would still apply). */
export class ListTechnicianFeedbackQueryDto {
  /** Page size, 1 to 200. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = DEFAULT_LIST_LIMIT;

  /** Opaque cursor from the previous page's `next_cursor`. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export class TechnicianFeedbackResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: 'string', format: 'uuid', nullable: true })
  chat_session_id!: string | null;

  @ApiProperty({ minimum: 1, maximum: 5 })
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

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiPropertyOptional({ description: 'Present (true) when a stored field could not be decrypted' })
  decryption_error?: boolean;
}

export class DispatchDto {
  /** The technician (a user with the technician role) to send. */
  @IsUUID()
  technician_id!: string;
}

export class AssignmentResponseDto {
  @ApiProperty({ format: 'uuid' })
  session_id!: string;

  @ApiProperty({ format: 'uuid' })
  technician_id!: string;

  @ApiProperty({ type: 'string', format: 'uuid', nullable: true })
  assigned_by!: string | null;

  @ApiProperty({ format: 'date-time' })
  assigned_at!: string;
}
