export function providerOf(url: string): "sqlite" | "postgresql";
export function migrate(url: string | undefined): Promise<string[]>;
