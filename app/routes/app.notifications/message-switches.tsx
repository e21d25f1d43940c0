import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { BlockStack, Card, Checkbox, Layout } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { MessagesOn } from "~/notifications/messages-on.server";
import { MESSAGES } from "./messages";
import type { ActionResult } from "./route";

/** One switch per kind of message, each saved as soon as it is changed. */
export function MessageSwitches({ messagesOn }: { messagesOn: MessagesOn }) {
  return (
    <Layout.AnnotatedSection
      id="messages"
      title="Messages"
      description="Which emails your customers get, each sent once when its event happens."
    >
      <Card>
        <BlockStack gap="300">
          {MESSAGES.map((message) => (
            <Switch key={message.kind} kind={message.kind} label={message.label} helpText={message.when} on={messagesOn[message.kind]} />
          ))}
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}

function Switch({ kind, label, helpText, on }: { kind: keyof MessagesOn; label: string; helpText: string; on: boolean }) {
  const fetcher = useFetcher<ActionResult>();
  const shopify = useAppBridge();
  // The box follows the click at once; the stored value puts it right when it arrives, or when the change was refused.
  const [checked, setChecked] = useState(on);
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  const idle = fetcher.state === "idle";
  useEffect(() => {
    if (idle) setChecked(on);
  }, [idle, on, result]);
  useEffect(() => {
    if (result?.intent !== "message-switch") return;
    if (result.switched) shopify.toast.show(`${label}: turned ${result.switched.on ? "on" : "off"}`);
    else
      shopify.toast.show(`${label}: not changed (${Object.values(result.errors)[0] ?? "reload the page and try again"})`, {
        isError: true,
      });
  }, [result, shopify, label]);
  return (
    <Checkbox
      label={label}
      helpText={helpText}
      checked={checked}
      onChange={(value) => {
        setChecked(value);
        fetcher.submit({ intent: "message-switch", kind, on: String(value) }, { method: "post" });
      }}
    />
  );
}
