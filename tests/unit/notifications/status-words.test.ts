// The status and unsubscribe pages' words: every language of the customer
// emails has every key English has, none left empty.
import { describe, expect, it } from "vitest";
import { STATUS_WORDS } from "~/notifications/status-words";
import { LANGUAGES } from "~/notifications/templates";

/** Each key of a table, nested ones as "history.date_moved", with whether its value says something. */
function entries(table: object, prefix = ""): Array<[string, boolean]> {
  return Object.entries(table).flatMap(([key, value]): Array<[string, boolean]> => {
    const path = `${prefix}${key}`;
    if (typeof value === "object") return entries(value as object, `${path}.`);
    return [[path, typeof value === "function" || (typeof value === "string" && value.trim() !== "")]];
  });
}

describe("the status page's words", () => {
  const english = entries(STATUS_WORDS.en).map(([key]) => key);

  it.each(LANGUAGES)("has every key in %s, each with words", (language) => {
    const words = entries(STATUS_WORDS[language]);
    expect(words.map(([key]) => key).sort()).toEqual([...english].sort());
    expect(words.filter(([, said]) => !said).map(([key]) => key)).toEqual([]);
  });
});
