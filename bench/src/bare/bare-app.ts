/**
 * The baseline: a minimal NestJS 11 app on Express with one POST route answering 200, run as a
 * process of its own. The intake scenario loads it exactly as it loads the backend.
 */
import 'reflect-metadata';
import { Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

@Controller()
class BareController {
  @Post('webhook')
  @HttpCode(200)
  receive() {
    return { ok: true };
  }

  @Get('ready')
  ready() {
    return { ok: true };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(BareModule, { logger: ['error'] });
  await app.listen(Number(process.env.PORT));
}

void main();
