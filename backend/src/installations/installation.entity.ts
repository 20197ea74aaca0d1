import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { InstallationStatus } from '@heap-sync/shared';

/** bigint columns come back from pg as strings; Kommo ids fit safely in a JS number. */
export const bigintAsNumber = {
  to: (value: number | null) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** One Kommo account: the tenant every other row belongs to. */
@Entity('installations')
export class Installation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'account_id', type: 'bigint', transformer: bigintAsNumber })
  accountId: number;

  /** Full origin, e.g. https://acme.kommo.com: accounts also live on amocrm.com and amocrm.ru. */
  @Column({ type: 'text' })
  origin: string;

  @Column({ type: 'text', nullable: true })
  subdomain: string | null;

  @Column({ type: 'text' })
  status: InstallationStatus;

  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason: string | null;

  @Column({
    name: 'installed_by_user_id',
    type: 'bigint',
    nullable: true,
    transformer: bigintAsNumber,
  })
  installedByUserId: number | null;

  @Column({ type: 'text' })
  timezone: string;

  @Column({ name: 'webhook_token_hash', type: 'text', nullable: true })
  webhookTokenHash: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'uninstalled_at', type: 'timestamptz', nullable: true })
  uninstalledAt: Date | null;
}
