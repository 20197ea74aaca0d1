import type { HeapPropertyValue } from '@heap-sync/shared';

interface PropertyListProps {
  title: string;
  properties: Record<string, HeapPropertyValue>;
}

export function PropertyList({ title, properties }: PropertyListProps) {
  const entries = Object.entries(properties);

  if (entries.length === 0) {
    return null;
  }

  return (
    <div className="heap-sync-widget__properties">
      <p className="heap-sync-widget__label">{title}</p>
      <dl>
        {entries.map(([name, value]) => (
          <div key={name} className="heap-sync-widget__property">
            <dt>{name}</dt>
            <dd>{String(value)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
