import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Installation } from './installation.entity';
import { InstallationsService } from './installations.service';
import { SettingsService } from './settings.service';
import { TokenCipher } from './token-cipher';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Installation])],
  providers: [InstallationsService, SettingsService, TokenCipher],
  exports: [InstallationsService, SettingsService, TokenCipher],
})
export class InstallationsModule {}
