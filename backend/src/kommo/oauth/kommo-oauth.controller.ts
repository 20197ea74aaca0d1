import { Controller, Get, Inject, Query, Res, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { KommoInstallService } from './kommo-install.service';
import { OAuthStateStore } from './oauth-state.store';
import { renderPage } from './result-page';

/** Kommo accounts live on these domains; the callback's `referer` must name one of them. */
const ACCOUNT_HOST = /^[a-z0-9][a-z0-9-]{0,62}\.(kommo\.com|amocrm\.com|amocrm\.ru)$/i;

type CallbackQuery = Record<
  'code' | 'state' | 'referer' | 'client_id' | 'from_widget' | 'error',
  unknown
>;

/** A parameter given twice (or as `a[b]=`) arrives as an array or object: treat it as absent. */
function single(query: CallbackQuery) {
  const one = (value: unknown) => (typeof value === 'string' ? value : undefined);

  return {
    code: one(query.code),
    state: one(query.state),
    referer: one(query.referer),
    clientId: one(query.client_id),
    fromWidget: query.from_widget !== undefined,
    error: query.error === undefined ? undefined : (one(query.error) ?? 'invalid_request'),
  };
}

@ApiTags('kommo')
@Controller('api/kommo/oauth')
export class KommoOAuthController {
  constructor(
    private readonly install: KommoInstallService,
    private readonly states: OAuthStateStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('start')
  @UseGuards(AuthGuard('kommo'))
  @ApiOperation({ summary: "Redirects to Kommo's authorize page with a single-use state" })
  start(): void {
    // passport answers with the redirect before this runs.
  }

  @Get('callback')
  @ApiOperation({ summary: 'OAuth redirect URI: site-button and install-from-widget flows' })
  async callback(@Query() raw: CallbackQuery, @Res() res: Response): Promise<void> {
    const query = single(raw);
    const page = (status: number, title: string, text: string) =>
      res.status(status).type('html').send(renderPage(title, text));

    if (query.error) {
      const denied = query.error === 'access_denied';
      await this.states.consume(query.state);

      return void page(
        400,
        denied ? 'Access was not granted' : 'Kommo reported an error',
        denied
          ? 'Heap Sync was not connected because access was declined. Start the installation again to connect it.'
          : `Kommo answered "${String(query.error).slice(0, 100)}". Start the installation again.`,
      );
    }

    const { fromWidget } = query;
    const host = String(query.referer ?? '').trim();
    if (!query.code || !ACCOUNT_HOST.test(host)) {
      return void page(400, 'Incomplete request', 'The authorization code or account is missing.');
    }
    if (query.clientId && query.clientId !== this.config.kommo.clientId) {
      return void page(400, 'Wrong integration', 'This code was issued to another integration.');
    }
    // The install-from-widget call carries no state (Kommo sends none); the site button must.
    if (!fromWidget && !(await this.states.consume(query.state))) {
      return void page(
        400,
        'This link has expired',
        'The sign-in link was already used or is too old. Start the installation again.',
      );
    }

    const outcome = await this.install.accept(
      query.code,
      `https://${host.toLowerCase()}`,
      fromWidget,
    );
    if (outcome.state === 'installed') {
      return void page(
        200,
        'Heap Sync is connected',
        'You can close this window and open the widget settings in Kommo.',
      );
    }
    if (outcome.state === 'pending') {
      return void page(
        202,
        'Finishing the connection',
        'Kommo is slow to answer; the connection completes in the background within a few minutes.',
      );
    }
    page(
      400,
      'The connection failed',
      `Kommo refused the authorization: ${outcome.reason}. Start the installation again.`,
    );
  }
}
