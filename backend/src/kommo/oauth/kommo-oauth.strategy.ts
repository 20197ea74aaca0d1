import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { StateStore, Strategy } from 'passport-oauth2';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { OAuthStateStore } from './oauth-state.store';

/**
 * Builds Kommo's authorize redirect with a server-stored state. The callback does not go through
 * passport: Kommo's token endpoint lives on each account's own domain (known only from `referer`)
 * and takes JSON, while passport-oauth2 posts a form to one fixed URL; and the install call must
 * persist the code before exchanging it. So the callback controller verifies the state with the
 * same store and exchanges the code itself.
 */
@Injectable()
export class KommoOAuthStrategy extends PassportStrategy(Strategy, 'kommo') {
  constructor(@Inject(APP_CONFIG) config: AppConfig, store: OAuthStateStore) {
    const base = config.kommo.apiBaseUrl ?? 'https://www.kommo.com';
    super({
      authorizationURL: `${base}/oauth`,
      tokenURL: `${base}/oauth2/access_token`,
      clientID: config.kommo.clientId,
      clientSecret: config.kommo.clientSecret,
      callbackURL: config.kommo.redirectUri,
      // passport-oauth2 picks the (req, meta, callback) form by the methods' arity.
      store: store as unknown as StateStore,
    });
  }

  /** `popup`: Kommo closes its window and redirects the main one to our callback. */
  override authorizationParams(): Record<string, string> {
    return { mode: 'popup' };
  }

  validate(): never {
    throw new Error('The Kommo callback is handled by KommoOAuthController, not passport');
  }
}
