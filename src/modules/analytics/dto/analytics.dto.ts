import { IsOmittable } from '../../../common/validation/is-omittable';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsUUID, Max, Min } from 'class-validator';
import { QueryBoolean } from '../../chat/dto/chat-request.dto';
import { ListQueryDto } from '../../../common/pagination/list-query.dto';
import { PeriodQueryDto } from '../../../common/validation/period-query.dto';

export class AdminChatFeedbackQueryDto extends IntersectionType(PeriodQueryDto, ListQueryDto) {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 5, description: 'Only this rating' })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5)
  rating?: number;

  /** `csv` downloads every matching row as CSV instead of a page of JSON. */
  @IsOmittable()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class AdminTechnicianFeedbackQueryDto extends AdminChatFeedbackQueryDto {
  @IsOmittable()
  @QueryBoolean()
  @IsBoolean()
  diagnosis_correct?: boolean;

  @IsOmittable()
  @IsUUID()
  technician_id?: string;
}

export class RatingsSummaryDto {
  @ApiProperty()
  count!: number;

  @ApiProperty({ type: 'number', nullable: true })
  average!: number | null;

  @ApiProperty({ example: { '1': 0, '2': 1, '3': 0, '4': 3, '5': 6 } })
  distribution!: Record<string, number>;
}

export class QualityFiguresDto {
  @ApiProperty({ type: RatingsSummaryDto })
  chat_ratings!: RatingsSummaryDto;

  @ApiProperty()
  technician_visits!: number;

  @ApiProperty({ type: 'number', nullable: true, description: 'Share of visits where the diagnosis was right' })
  diagnosis_accuracy!: number | null;

  @ApiProperty({ type: 'number', nullable: true, description: 'Share of visits without a second trip' })
  first_time_fix_rate!: number | null;

  @ApiProperty({ type: 'number', nullable: true })
  parts_sufficiency_rate!: number | null;
}

export class MisdiagnosedProblemDto {
  @ApiProperty({ example: 'drain_pump' })
  category!: string;

  @ApiProperty()
  count!: number;
}

export class KindAccuracyDto {
  /** null: the diagnosis named no appliance kind */
  @ApiProperty({ type: String, nullable: true, example: 'washer' })
  appliance_kind!: string | null;

  @ApiProperty()
  visits!: number;

  @ApiProperty({ type: 'number', nullable: true })
  accuracy!: number | null;
}

export class CodeAccuracyDto extends KindAccuracyDto {
  @ApiProperty({ type: String, nullable: true, example: 'lg' })
  brand!: string | null;

  @ApiProperty({ example: 'OE' })
  code!: string;
}

export class ModelDiagnosisFiguresDto {
  @ApiProperty({ description: 'Technician reports on sessions whose diagnosis the model wrote' })
  visits!: number;

  @ApiProperty({ type: 'number', nullable: true, description: 'Share of those where the diagnosis was right' })
  accuracy!: number | null;

  @ApiProperty({ type: [KindAccuracyDto] })
  by_appliance_kind!: KindAccuracyDto[];

  @ApiProperty({ type: [CodeAccuracyDto], description: 'Per code (at most 50, most visited first)' })
  by_code!: CodeAccuracyDto[];
}

export class WeeklyFiguresDto extends QualityFiguresDto {
  @ApiProperty({ example: '2026-W47' })
  week!: string;

  @ApiProperty({ example: '2026-11-16', description: 'Monday of the ISO week (UTC)' })
  week_start!: string;
}

export class AnalyticsSummaryDto extends QualityFiguresDto {
  @ApiProperty({ type: 'string', nullable: true })
  from!: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  to!: string | null;

  @ApiProperty({ type: [MisdiagnosedProblemDto] })
  top_misdiagnosed_problems!: MisdiagnosedProblemDto[];

  @ApiProperty({
    type: ModelDiagnosisFiguresDto,
    description:
      'Diagnoses written by the platform\'s model (source "model") as technicians judged them; diagnosis_accuracy above counts every report',
  })
  model_diagnoses!: ModelDiagnosisFiguresDto;

  @ApiProperty({ type: [WeeklyFiguresDto] })
  weekly!: WeeklyFiguresDto[];
}
