import { chromium, type Browser } from "playwright-core";

// Debian's Chromium, never a downloaded browser. The flags keep it from
// reaching for Google's hosts, which a closed network refuses.
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
  });
}

// shopify-app-remix answers self-declared bots (HeadlessChrome) with 410, as a
// shop's admin would never send one: present the browser as a person's is.
export const DESKTOP_CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36";
