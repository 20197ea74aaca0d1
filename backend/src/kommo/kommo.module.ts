import { Global, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { KommoApiClient } from './api/kommo-api.client';
import { KommoHttp } from './api/kommo-http';
import { KommoDisconnectController } from './disconnect/kommo-disconnect.controller';
import { KommoInstallService } from './oauth/kommo-install.service';
import { KommoOAuthController } from './oauth/kommo-oauth.controller';
import { KommoOAuthStrategy } from './oauth/kommo-oauth.strategy';
import { KommoWebhookSubscriber } from './oauth/kommo-webhook.subscriber';
import { OAuthStateStore } from './oauth/oauth-state.store';
import { KommoTokenStore } from './tokens/kommo-token-store';
import { TokenKeepaliveJob } from './tokens/token-keepalive.job';

@Global()
@Module({
  imports: [PassportModule.register({ session: false })],
  controllers: [KommoOAuthController, KommoDisconnectController],
  providers: [
    KommoHttp,
    KommoTokenStore,
    KommoApiClient,
    OAuthStateStore,
    KommoOAuthStrategy,
    KommoInstallService,
    KommoWebhookSubscriber,
    TokenKeepaliveJob,
  ],
  exports: [KommoApiClient, KommoTokenStore, KommoWebhookSubscriber],
})
export class KommoModule {}
