// The kinds of customer email and the languages, as the page names them.
import type { Language, MessageKind } from "~/notifications/templates";

export const MESSAGES: ReadonlyArray<{ kind: MessageKind; label: string; when: string }> = [
  {
    kind: "backorder_confirmation",
    label: "Backorder confirmation",
    when: "When an order has items on backorder: the items, their date (or that one will follow) and their place in line.",
  },
  {
    kind: "date_moved",
    label: "Date moved",
    when: "When the date promised for waiting items changes: the old and new date, with links to accept it or cancel the items.",
  },
  { kind: "on_its_way", label: "On its way", when: "When waiting items have arrived and are released for fulfilment." },
  { kind: "cancelled", label: "Cancelled", when: "When waiting items are cancelled: the items, and the refund when there was one." },
];

export const LANGUAGE_NAMES: ReadonlyArray<{ language: Language; label: string }> = [
  { language: "en", label: "English" },
  { language: "fr", label: "French" },
  { language: "de", label: "German" },
  { language: "es", label: "Spanish" },
];
