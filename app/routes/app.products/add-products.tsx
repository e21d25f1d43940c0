import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { BlockStack, Button, Checkbox, InlineError, InlineStack, Modal, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import type { ActionResult } from "./route";

// What the page needs of the resource picker's answer: each product's
// variants (all of them when the merchant picked the whole product).
const pickedProducts = z.array(z.object({ variants: z.array(z.object({ id: z.string() }).partial()) }).partial());

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * "Add products": App Bridge's resource picker where there is one, else a
 * search over the store's products in a modal. Both send the chosen variant
 * ids to the action, which reads each from the store and follows it.
 */
export function useAddProducts() {
  const shopify = useAppBridge();
  const add = useFetcher<ActionResult>();
  const [searching, setSearching] = useState(false);

  const submitVariants = (variantIds: string[]) => {
    const form = new FormData();
    form.append("intent", "add");
    for (const id of variantIds) form.append("variantIds", id);
    add.submit(form, { method: "post" });
  };

  const open = async () => {
    if (typeof shopify.resourcePicker !== "function") return setSearching(true);
    let selection: unknown;
    try {
      selection = await shopify.resourcePicker({ type: "product", multiple: true, action: "add" });
    } catch {
      // The picker could not open (no admin around the app): search instead.
      return setSearching(true);
    }
    const products = pickedProducts.safeParse(selection ?? []);
    const ids = products.success ? products.data.flatMap((p) => (p.variants ?? []).flatMap((v) => (v.id ? [v.id] : []))) : [];
    if (ids.length > 0) submitVariants(ids);
  };

  const result = add.data?.intent === "add" ? add.data : null;
  useEffect(() => {
    if (add.state !== "idle" || !result) return;
    if (result.ok) {
      shopify.toast.show(
        result.added > 0 ? `Added ${plural(result.added, "variant", "variants")}` : "Those variants are already on the list (refreshed)",
      );
      setSearching(false);
    } else shopify.toast.show(`Could not add: ${Object.values(result.errors)[0] ?? "try again"}`, { isError: true });
  }, [add.state, result, shopify]);

  const element = searching ? (
    <SearchModal onClose={() => setSearching(false)} onAdd={submitVariants} adding={add.state !== "idle"} />
  ) : null;
  return { open, busy: add.state !== "idle", element };
}

/** A search over the store's products for an admin without the resource picker. */
function SearchModal({ onClose, onAdd, adding }: { onClose: () => void; onAdd: (ids: string[]) => void; adding: boolean }) {
  const search = useFetcher<ActionResult>();
  const [query, setQuery] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const answer = search.data?.intent === "search" ? search.data : null;
  const results = answer?.results ?? [];
  const find = () => search.submit({ intent: "search", query }, { method: "post" });
  return (
    <Modal
      open
      onClose={onClose}
      title="Add products"
      primaryAction={{ content: "Add", disabled: chosen.length === 0, loading: adding, onAction: () => onAdd(chosen) }}
      secondaryActions={[{ content: "Cancel", onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          <form
            onSubmit={(event) => {
              event.preventDefault();
              find();
            }}
          >
            <InlineStack gap="200" blockAlign="end">
              <div style={{ flexGrow: 1 }}>
                <TextField
                  label="Product title"
                  value={query}
                  onChange={setQuery}
                  autoComplete="off"
                  error={answer?.errors.query}
                  helpText="Finds the store's products whose title starts with these words."
                />
              </div>
              <Button submit loading={search.state !== "idle"}>
                Search
              </Button>
            </InlineStack>
          </form>
          {answer && !answer.ok && !answer.errors.query && (
            <InlineError message="The store could not be searched; try again." fieldID="product-search" />
          )}
          {answer?.ok && results.length === 0 && <Text as="p">No products in the store match &ldquo;{query}&rdquo;.</Text>}
          {results.map((variant) => (
            <Checkbox
              key={variant.variantId}
              label={`${variant.productTitle}${variant.title === "Default Title" ? "" : ` - ${variant.title}`}${variant.sku ? ` (${variant.sku})` : ""}`}
              helpText={variant.followed ? "Already on the list" : undefined}
              checked={chosen.includes(variant.variantId)}
              onChange={(checked) =>
                setChosen((current) => (checked ? [...current, variant.variantId] : current.filter((id) => id !== variant.variantId)))
              }
            />
          ))}
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
