export const EXTENSION_DIR: string;
export interface ThemeCheckOffence {
  /** Relative to the extension's directory. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  check: string;
  severity: string;
  message: string;
}
export function themeCheck(dir?: string): Promise<ThemeCheckOffence[]>;
