import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { encryptedBlobs, encryptedJson, encryptedText, SealedBlobs } from '../../../common/crypto/encrypted-columns';
import { ChatSessionEntity } from './chat-session.entity';

export const MESSAGE_ROLES = ['user', 'assistant'] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];
export const MESSAGE_SOURCES = ['client', 'model'] as const;
export type MessageSource = (typeof MESSAGE_SOURCES)[number];

/** Plain facts about a stored image (not secret): what a client needs to lay it out. */
export interface ImageMeta {
  content_type: string;
  bytes: number;
  width: number;
  height: number;
}

/** The encrypted columns' transformers, also for the repository's hand-hydrated hot reads. */
export const ENCRYPTED_MESSAGE_COLUMNS = {
  content: encryptedText('chat_messages.content'),
  images: encryptedBlobs(),
  structured: encryptedJson('chat_messages.structured'),
};

@Entity({ name: 'chat_messages' })
@Index('chat_messages_session_created_idx', ['sessionId', 'createdAt', 'id'])
export class ChatMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => ChatSessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_chat_messages_session' })
  session?: ChatSessionEntity;

  @Column({ type: 'varchar', length: 20 })
  role!: MessageRole;

  /**
   * Fernet token (text), as the legacy Python backend wrote it; "" for an image-only message (and when it
   * cannot be decrypted: see `undecryptable`).
   */
  @Column({ type: 'text', transformer: ENCRYPTED_MESSAGE_COLUMNS.content })
  content!: string;

  /** Each image its own Fernet token, raw bytes, length-prefixed in one bytea (see SealedBlobs). */
  @Column({ type: 'bytea', nullable: true, select: true, transformer: ENCRYPTED_MESSAGE_COLUMNS.images })
  images!: SealedBlobs | Buffer[] | null;

  @Column({ name: 'image_meta', type: 'jsonb', nullable: true })
  imageMeta!: ImageMeta[] | null;

  /**
   * Images our pipeline did not take (from an import: not a JPEG/PNG/WebP/GIF, undecodable, or a legacy
   * value no key could open), kept as they came: an encrypted JSON list of the original data URLs, or the
   * legacy ciphertext itself (it opens once its key is in ENCRYPTION_KEYS_PREVIOUS). Never served.
   */
  @Column({
    name: 'unprocessed_images',
    type: 'text',
    nullable: true,
    transformer: encryptedText('chat_messages.unprocessed_images'),
  })
  unprocessedImages!: string | null;

  /** The model's structured result (Vlm and Diagnosis issues), encrypted JSON. */
  @Column({ type: 'text', nullable: true, transformer: ENCRYPTED_MESSAGE_COLUMNS.structured })
  structured!: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 20, default: 'client' })
  source!: MessageSource;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
