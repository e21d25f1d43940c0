import { chromium, type Browser } from "playwright-core";

// Debian's Chromium, never a downloaded browser. The flags keep it from
// reaching for Google's hosts, which a closed network refuses.
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
    ],
  });
}
