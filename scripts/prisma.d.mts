export function derivePostgresSchema(source: string): string;
export function generate(): void;
