import { Module } from '@nestjs/common';
import { KommoWebhookController } from './kommo-webhook.controller';
import { WebhookIntakeService } from './webhook-intake.service';

@Module({ controllers: [KommoWebhookController], providers: [WebhookIntakeService] })
export class WebhooksModule {}
