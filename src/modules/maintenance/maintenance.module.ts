import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { ExpiredRowsPurger } from './expired-rows.purger';

/** Scheduled housekeeping: the purge of expired rows. */
@Module({
  imports: [ScheduleModule.forRoot()],
  providers: [ExpiredRowsPurger],
  exports: [ExpiredRowsPurger],
})
export class MaintenanceModule {}
