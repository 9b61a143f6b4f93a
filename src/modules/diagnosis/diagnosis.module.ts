import { Module } from '@nestjs/common';
import { DiagnosisService } from './diagnosis.service';
import { KnowledgeBaseRepository } from './knowledge-base.repository';
import { KnowledgeBaseSeeder } from './knowledge-base.seeder';

@Module({
  providers: [KnowledgeBaseRepository, KnowledgeBaseSeeder, DiagnosisService],
  exports: [KnowledgeBaseRepository, KnowledgeBaseSeeder, DiagnosisService],
})
export class DiagnosisModule {}
