import { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EnvError } from '../../src/config/configuration';
import { cliNestLogger } from '../../src/config/logger-options';

/**
 * A command-line tool's Nest application context, its framework lines in the tool's log format. A start-up
 * failure (the database unreachable, a module that cannot start) is thrown for the tool to name in its own line,
 * never a silent exit; invalid configuration comes back as the EnvError (one line per bad variable), since each
 * tool has its own exit code for it.
 */
export async function openCliContext(module: Type, name: string): Promise<INestApplicationContext | EnvError> {
  try {
    return await NestFactory.createApplicationContext(module, { logger: cliNestLogger(name), abortOnError: false });
  } catch (error) {
    if (error instanceof EnvError) {
      return error;
    }
    throw error;
  }
}
