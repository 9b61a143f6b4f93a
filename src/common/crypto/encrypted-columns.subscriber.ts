import { EntitySubscriberInterface, EventSubscriber, LoadEvent, UpdateEvent } from 'typeorm';
import { EntityMetadata } from 'typeorm/metadata/EntityMetadata';
import { assertWritable, settleLoaded } from './encrypted-columns';

/** A required (non-null) column's empty value is "", a nullable one's null. */
function emptyValueIn(metadata: EntityMetadata): (property: string) => null | '' {
  return (property) => (metadata.findColumnWithPropertyName(property)?.isNullable === false ? '' : null);
}

/**
 * Keeps decryption failures out of entities (see encrypted-columns.ts): after every load, an undecryptable
 * value becomes its column's empty value and is remembered; an update that would write such an empty value
 * back over the stored ciphertext is refused. Registered with every data source through SUBSCRIBER_GLOBS
 * (src/database/typeorm-options.ts).
 */
@EventSubscriber()
export class EncryptedColumnsSubscriber implements EntitySubscriberInterface {
  afterLoad(entity: object, event?: LoadEvent<object>): void {
    if (event !== undefined) {
      settleLoaded(entity, emptyValueIn(event.metadata));
    }
  }

  beforeUpdate(event: UpdateEvent<object>): void {
    if (event.entity !== undefined) {
      assertWritable(
        event.entity,
        event.updatedColumns.map((column) => column.propertyName),
      );
    }
  }
}
