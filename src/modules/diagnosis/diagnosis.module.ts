import { Module } from '@nestjs/common';
import { DiagnosisOutcomesRepository } from './diagnosis-outcomes.repository';
import { DiagnosisService } from './diagnosis.service';
import { KnowledgeBaseRepository } from './knowledge-base.repository';
import { KnowledgeBaseSeeder } from './knowledge-base.seeder';

@Module({
  providers: [KnowledgeBaseRepository, KnowledgeBaseSeeder, DiagnosisOutcomesRepository, DiagnosisService],
  exports: [KnowledgeBaseRepository, KnowledgeBaseSeeder, DiagnosisOutcomesRepository, DiagnosisService],
})
export class DiagnosisModule {}
