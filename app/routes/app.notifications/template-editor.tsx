import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  FormLayout,
  InlineStack,
  Layout,
  List,
  Select,
  SkeletonBodyText,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { NotificationsPage } from "~/notifications/admin.server";
import type { EditableTemplate } from "~/notifications/shop-templates.server";
import type { Language, MessageKind } from "~/notifications/templates";
import { LANGUAGE_NAMES, MESSAGES } from "./messages";
import type { ActionResult } from "./route";

type Fetcher = ReturnType<typeof useFetcher<ActionResult>>;

/** Pick a kind and language, edit its subject and body beside the variables, see it rendered, save or reset. */
export function TemplateEditor({ templates, variables }: Pick<NotificationsPage, "templates" | "variables">) {
  const [kind, setKind] = useState<MessageKind>("backorder_confirmation");
  const [language, setLanguage] = useState<Language>("en");
  // Switching to another template would drop unsaved changes without a word: it waits for a save or a discard.
  const [changed, setChanged] = useState(false);
  // Here rather than in the editor, which starts afresh from each saved version: the answer outlives it.
  const save = useFetcher<ActionResult>();
  const shopify = useAppBridge();
  const done = save.state === "idle" ? save.data : undefined;
  useEffect(() => {
    if (done?.ok) shopify.toast.show(done.intent === "template-reset" ? "Template reset to default" : "Template saved");
  }, [done, shopify]);
  const loaded = templates[kind][language];
  return (
    <>
      <Layout.Section>
        <BlockStack gap="400">
          <Card>
            <BlockStack gap="400">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  Templates
                </Text>
                {loaded.customized ? <Badge tone="info">Edited</Badge> : <Badge>Default</Badge>}
              </InlineStack>
              <FormLayout>
                <FormLayout.Group>
                  <Select
                    label="Message"
                    options={MESSAGES.map(({ kind, label }) => ({ value: kind, label }))}
                    value={kind}
                    onChange={(value) => setKind(value as MessageKind)}
                    disabled={changed}
                    helpText={changed ? "Save or discard your changes to edit another message." : undefined}
                  />
                  <Select
                    label="Language"
                    helpText="Customers get the language of their order; any other gets English."
                    options={LANGUAGE_NAMES.map(({ language, label }) => ({ value: language, label }))}
                    value={language}
                    onChange={(value) => setLanguage(value as Language)}
                    disabled={changed}
                  />
                </FormLayout.Group>
              </FormLayout>
            </BlockStack>
          </Card>
          <Editor
            key={`${kind}:${language}:${JSON.stringify(loaded)}`}
            kind={kind}
            language={language}
            loaded={loaded}
            save={save}
            onChanged={setChanged}
          />
        </BlockStack>
      </Layout.Section>
      <Layout.Section variant="oneThird">
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              Variables
            </Text>
            <Text as="p" tone="subdued">
              Write them in Liquid, as in Shopify&apos;s own notifications: {"{{ order.name }}"}, or{" "}
              {"{% for line in lines %}{{ line.title }}{% endfor %}"} for the items. Everything printed is escaped.
            </Text>
            <List>
              {variables.map((variable) => (
                <List.Item key={variable.name}>
                  <code>{variable.name}</code>: {variable.description}
                </List.Item>
              ))}
            </List>
          </BlockStack>
        </Card>
      </Layout.Section>
    </>
  );
}

type EditorProps = {
  kind: MessageKind;
  language: Language;
  loaded: EditableTemplate;
  save: Fetcher;
  /** Told whether the text differs from what is stored. */
  onChanged: (changed: boolean) => void;
};

function Editor({ kind, language, loaded, save, onChanged }: EditorProps) {
  const [subject, setSubject] = useState(loaded.subject);
  const [body, setBody] = useState(loaded.body);
  const preview = useFetcher<ActionResult>();
  const dirty = subject !== loaded.subject || body !== loaded.body;
  const target = `${kind}:${language}`;
  useEffect(() => onChanged(dirty), [dirty, onChanged]);
  const discard = () => {
    setSubject(loaded.subject);
    setBody(loaded.body);
  };

  // Renders the edit a moment after typing stops.
  const submitPreview = preview.submit;
  useEffect(() => {
    const timer = setTimeout(() => submitPreview({ intent: "template-preview", kind, language, subject, body }, { method: "post" }), 300);
    return () => clearTimeout(timer);
  }, [kind, language, subject, body, submitPreview]);

  const saved = save.state === "idle" && save.data?.target === target ? save.data : undefined;
  // A refused save's errors until the text changes again; else the preview's.
  const refused = saved && !saved.ok && saved.intent === "template-save" && !dirtySince(saved, subject, body) ? saved : undefined;
  const shown = preview.data?.preview;
  const errors = refused?.errors ?? (shown?.status === "invalid" ? shown.errors : {});

  const reset = () => {
    // Only an edit that is stored needs the server; unsaved typing over the default is simply put back.
    if (loaded.customized) save.submit({ intent: "template-reset", kind, language }, { method: "post" });
    else discard();
  };

  return (
    <>
      <Card>
        <BlockStack gap="400">
          {refused && (
            <Banner tone="critical" title="Not saved: the template has an error">
              <List>
                {Object.entries(refused.errors).map(([field, message]) => (
                  <List.Item key={field}>
                    {field === "subject" ? "Subject" : field === "body" ? "Body" : field}: {message}
                  </List.Item>
                ))}
              </List>
            </Banner>
          )}
          <TextField label="Subject" value={subject} onChange={setSubject} autoComplete="off" error={errors.subject} />
          <TextField
            label="Body (HTML)"
            helpText="Your shop's logo goes above it and the unsubscribe link below it in every email; the plain-text part is made from it."
            value={body}
            onChange={setBody}
            multiline={14}
            monospaced
            autoComplete="off"
            error={errors.body}
          />
          <InlineStack align="end" gap="200">
            {dirty && (
              <Button variant="plain" onClick={discard}>
                Discard changes
              </Button>
            )}
            <Button
              onClick={reset}
              disabled={!loaded.customized && !dirty}
              loading={save.state !== "idle" && save.formData?.get("intent") === "template-reset"}
            >
              Reset to default
            </Button>
            <Button
              variant="primary"
              disabled={!dirty}
              loading={save.state !== "idle" && save.formData?.get("intent") === "template-save"}
              onClick={() => save.submit({ intent: "template-save", kind, language, subject, body }, { method: "post" })}
            >
              Save template
            </Button>
          </InlineStack>
        </BlockStack>
      </Card>
      <Preview fetcher={preview} />
    </>
  );
}

/** Whether the text changed after the save that was refused, whose errors then no longer describe it. */
function dirtySince(result: ActionResult, subject: string, body: string) {
  return result.submitted ? result.submitted.subject !== subject || result.submitted.body !== body : false;
}

/** The edit as the customer would get it, rendered with the sample order. */
function Preview({ fetcher }: { fetcher: Fetcher }) {
  const preview = fetcher.data?.preview;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Preview
          </Text>
          <Text as="span" tone="subdued">
            {fetcher.state !== "idle" ? "Updating…" : "With a sample order, #1042 for Camille"}
          </Text>
        </InlineStack>
        {!preview && <SkeletonBodyText lines={8} />}
        {preview?.status === "invalid" && (
          <Banner tone="warning" title="The preview cannot be shown until the error is fixed">
            <Text as="p">{Object.values(preview.errors)[0]}</Text>
          </Banner>
        )}
        {preview?.status === "rendered" && (
          <BlockStack gap="200">
            <Text as="p">
              <Text as="span" fontWeight="semibold">
                Subject:
              </Text>{" "}
              <span data-testid="preview-subject">{preview.subject}</span>
            </Text>
            <Box borderColor="border" borderWidth="025" borderRadius="200" overflowX="hidden" overflowY="hidden">
              {/* sandbox: the merchant's HTML is shown, never run; srcDoc keeps it off the app's own page. */}
              <iframe
                title="Email preview"
                sandbox=""
                srcDoc={preview.html}
                style={{ width: "100%", height: 520, border: 0, display: "block" }}
              />
            </Box>
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
