import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, DataTable, InlineError, Text } from "@shopify/polaris";
import type { ActionResult } from "./route";

/** Imports a CSV of incoming stock, all rows or none, and reports each problem by line and column. */
export function ImportForm() {
  const fetcher = useFetcher<ActionResult>();
  const result = fetcher.state === "idle" && fetcher.data?.intent === "import" ? fetcher.data : undefined;
  const imported = result?.imported;
  return (
    <Card>
      <fetcher.Form method="post" encType="multipart/form-data">
        <input type="hidden" name="intent" value="import" />
        <BlockStack gap="400">
          <Text as="h2" variant="headingMd">
            Import incoming stock from a CSV file
          </Text>
          <Text as="p">
            The first line names the columns: <code>reference</code>, <code>sku</code> or <code>variant_id</code>, <code>quantity</code>,{" "}
            <code>expected_on</code> (YYYY-MM-DD), and optionally <code>vendor</code> and <code>location</code> (its name or ID; needed when
            the store has more than one). A row is known by its reference, variant and location: importing the same file again changes
            nothing, and a changed quantity or date updates the row. If any row has a problem, nothing is imported.
          </Text>
          <div>
            <label htmlFor="incoming-csv">
              <Text as="span">CSV file</Text>
            </label>
            <div style={{ marginTop: "var(--p-space-100)" }}>
              <input id="incoming-csv" type="file" name="file" accept=".csv,text/csv" required />
            </div>
            {result?.errors.file && <InlineError message={result.errors.file} fieldID="incoming-csv" />}
          </div>
          <div>
            <Button submit variant="primary" loading={fetcher.state !== "idle"}>
              Import
            </Button>
          </div>
          {imported?.ok === true && (
            <Banner tone="success" title="Imported">
              {imported.created} new, {imported.updated} updated, {imported.unchanged} unchanged.
            </Banner>
          )}
          {imported?.ok === false && (
            <BlockStack gap="200">
              <Banner tone="critical" title="Nothing was imported">
                Correct the {imported.problems.length === 1 ? "problem" : `${imported.problems.length} problems`} below in the file, then
                import it again.
              </Banner>
              <DataTable
                columnContentTypes={["numeric", "text", "text"]}
                headings={["Line", "Column", "Problem"]}
                rows={imported.problems.slice(0, 200).map((problem) => [problem.line, problem.field, problem.message])}
              />
            </BlockStack>
          )}
        </BlockStack>
      </fetcher.Form>
    </Card>
  );
}
