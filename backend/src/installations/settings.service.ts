import { Injectable } from '@nestjs/common';
import {
  defaultSettings,
  fieldErrorsOf,
  InstallationSettings,
  installationSettingsSchema,
} from '@heap-sync/shared';
import { DataSource } from 'typeorm';
import { AppErrorCode, AppException } from '../common/errors/app.exception';

export interface StoredSettings {
  configured: boolean;
  settings: InstallationSettings;
}

/** Per-installation settings, validated with the same schema the widget uses. */
@Injectable()
export class SettingsService {
  constructor(private readonly dataSource: DataSource) {}

  async get(installationId: string): Promise<StoredSettings> {
    const rows: { settings: unknown }[] = await this.dataSource.query(
      'SELECT settings FROM installation_settings WHERE installation_id = $1',
      [installationId],
    );
    if (!rows[0]) return { configured: false, settings: defaultSettings() };

    return { configured: true, settings: installationSettingsSchema.parse(rows[0].settings) };
  }

  /** Settings for the sync, or null while an admin has not saved any. */
  async forSync(installationId: string): Promise<InstallationSettings | null> {
    const stored = await this.get(installationId);

    return stored.configured ? stored.settings : null;
  }

  async save(installationId: string, input: unknown, userId: number): Promise<StoredSettings> {
    const parsed = installationSettingsSchema.safeParse(input);
    if (!parsed.success) {
      throw new AppException(
        AppErrorCode.ValidationFailed,
        'Some settings are invalid',
        fieldErrorsOf(parsed.error),
      );
    }
    await this.dataSource.query(
      `INSERT INTO installation_settings (installation_id, settings, updated_by_user_id)
       VALUES ($1, $2, $3)
       ON CONFLICT (installation_id) DO UPDATE SET settings = EXCLUDED.settings,
         updated_by_user_id = EXCLUDED.updated_by_user_id, updated_at = now()`,
      [installationId, JSON.stringify(parsed.data), userId],
    );

    return { configured: true, settings: parsed.data };
  }
}
