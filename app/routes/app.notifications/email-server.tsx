import { useFetcher } from "@remix-run/react";
import { SaveBar } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineError,
  InlineStack,
  Layout,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState, type ReactNode } from "react";
import type { SmtpSettingsView } from "~/notifications/smtp-settings.server";
import type { ActionResult } from "./route";

type PasswordAction = "keep" | "replace" | "clear";
type Values = { host: string; port: string; secure: boolean; user: string; from: string; password: string; passwordAction: PasswordAction };

const asValues = (saved: SmtpSettingsView | null): Values => ({
  host: saved?.host ?? "",
  port: String(saved?.port ?? 587),
  secure: saved?.secure ?? false,
  user: saved?.user ?? "",
  from: saved?.from ?? "",
  password: "",
  passwordAction: "keep",
});

type Fetcher = ReturnType<typeof useFetcher<ActionResult>>;

type Props = {
  saved: SmtpSettingsView | null;
  appDefault: boolean;
  /** The save's and the removal's fetchers, owned by the page: this form starts afresh from each saved version. */
  save: Fetcher;
  remove: Fetcher;
};

/** The shop's own SMTP server, saved from the save bar, and a test email through whichever server is in use. */
export function EmailServer({ saved, appDefault, save, remove }: Props) {
  const initial = asValues(saved);
  const [values, setValues] = useState(initial);
  const set =
    <K extends keyof Values>(name: K) =>
    (value: Values[K]) =>
      setValues((current) => ({ ...current, [name]: value }));
  const setPassword = (password: string) => setValues((current) => ({ ...current, password, passwordAction: "replace" }));
  const dirty =
    (["host", "port", "secure", "user", "from"] as const).some((name) => values[name] !== initial[name]) ||
    values.passwordAction === "clear" ||
    (values.passwordAction === "replace" && values.password !== "");

  const result = save.state === "idle" ? save.data : undefined;
  // Saved: the form starts again from what is stored (a replaced password is "set" again, not typed).
  const savedValues = JSON.stringify(initial);
  useEffect(() => {
    if (result?.intent === "smtp-save" && result.ok) setValues(JSON.parse(savedValues) as Values);
  }, [result, savedValues]);
  const errors = result?.intent === "smtp-save" ? result.errors : {};

  const submit = () => {
    const { secure, ...fields } = values;
    save.submit({ intent: "smtp-save", ...fields, secure: String(secure) }, { method: "post" });
  };

  return (
    <Layout.AnnotatedSection
      id="email-server"
      title="Email server"
      description="Customer emails go out through this SMTP server, from the address you give, with your shop's name as the sender."
    >
      <SaveBar id="email-server-save-bar" open={dirty}>
        <button variant="primary" onClick={submit} disabled={save.state !== "idle"}>
          Save
        </button>
        <button onClick={() => setValues(initial)}>Discard</button>
      </SaveBar>
      <BlockStack gap="400">
        <ServerInUse saved={saved} appDefault={appDefault} />
        <Card>
          <BlockStack gap="400">
            <Text as="h2" variant="headingMd">
              {saved ? "Your email server" : "Use your own email server"}
            </Text>
            {errors.form && <Banner tone="critical">{errors.form}</Banner>}
            <FormLayout>
              <FormLayout.Group>
                <TextField
                  label="SMTP host"
                  placeholder="smtp.example.com"
                  value={values.host}
                  onChange={set("host")}
                  autoComplete="off"
                  error={errors.host}
                />
                <TextField
                  label="Port"
                  type="number"
                  min={1}
                  max={65535}
                  value={values.port}
                  onChange={set("port")}
                  autoComplete="off"
                  error={errors.port}
                />
              </FormLayout.Group>
              <Checkbox
                label="Use TLS from the start"
                helpText="Usually port 465. Left off, the connection is upgraded with STARTTLS when the server offers it (port 587)."
                checked={values.secure}
                onChange={set("secure")}
                error={errors.secure}
              />
              <FormLayout.Group>
                <TextField label="User name" value={values.user} onChange={set("user")} autoComplete="off" error={errors.user} />
                <PasswordField
                  saved={saved}
                  values={values}
                  onChange={setPassword}
                  setAction={set("passwordAction")}
                  error={errors.password}
                />
              </FormLayout.Group>
              <TextField
                label="From address"
                type="email"
                placeholder="orders@example.com"
                helpText="The address customers see the emails come from and can answer."
                value={values.from}
                onChange={set("from")}
                autoComplete="off"
                error={errors.from}
              />
            </FormLayout>
            {saved && (
              <InlineStack align="end">
                <Button
                  tone="critical"
                  variant="plain"
                  loading={remove.state !== "idle"}
                  onClick={() => remove.submit({ intent: "smtp-remove" }, { method: "post" })}
                >
                  {appDefault ? "Remove, and use the app's default server" : "Remove this server"}
                </Button>
              </InlineStack>
            )}
          </BlockStack>
        </Card>
        <TestEmail usable={saved !== null || appDefault} />
      </BlockStack>
    </Layout.AnnotatedSection>
  );
}

/** Which server sends now: the shop's, the app's default, or none, in which case nothing can be sent. */
function ServerInUse({ saved, appDefault }: Pick<Props, "saved" | "appDefault">) {
  if (saved) return null;
  if (appDefault) {
    return (
      <Banner tone="info" title="Emails go through the app's default server">
        <Text as="p">This shop has no email server of its own. Enter one below to send from your own domain and server.</Text>
      </Banner>
    );
  }
  return (
    <Banner tone="warning" title="No email server is set up">
      <Text as="p">
        This shop has no email server of its own and the app has no default one, so customer emails cannot be sent yet. Enter your SMTP
        server below.
      </Text>
    </Banner>
  );
}

type PasswordProps = {
  saved: SmtpSettingsView | null;
  values: Values;
  onChange: (password: string) => void;
  setAction: (action: PasswordAction) => void;
  error?: string;
};

/**
 * Write-only: a stored password is never sent to the browser. The field says
 * it is set, and offers to replace or clear it; clearing happens on save.
 */
function PasswordField({ saved, values, onChange, setAction, error }: PasswordProps) {
  if (saved?.passwordSet && values.passwordAction === "keep") {
    return (
      <PasswordState status="Set (stored encrypted)" tone="subdued" error={error}>
        <Button variant="plain" onClick={() => setAction("replace")}>
          Replace
        </Button>
        <Button variant="plain" tone="critical" onClick={() => setAction("clear")}>
          Clear
        </Button>
      </PasswordState>
    );
  }
  if (values.passwordAction === "clear") {
    return (
      <PasswordState status="Removed when you save" tone="caution" error={error}>
        <Button variant="plain" onClick={() => setAction("keep")}>
          Keep it
        </Button>
      </PasswordState>
    );
  }
  return (
    <TextField
      label={saved?.passwordSet ? "New password" : "Password"}
      type="password"
      value={values.password}
      onChange={onChange}
      autoComplete="new-password"
      error={error}
      connectedRight={saved?.passwordSet ? <Button onClick={() => setAction("keep")}>Keep the stored one</Button> : undefined}
    />
  );
}

/** A stored password's state in words, in place of a field that would have to show it. */
function PasswordState({
  status,
  tone,
  error,
  children,
}: {
  status: string;
  tone: "subdued" | "caution";
  error?: string;
  children: ReactNode;
}) {
  return (
    <BlockStack gap="100">
      <Text as="p">Password</Text>
      <InlineStack gap="200" blockAlign="center">
        <Text as="span" tone={tone}>
          {status}
        </Text>
        {children}
      </InlineStack>
      {error && <InlineError message={error} fieldID="smtp-password" />}
    </BlockStack>
  );
}

/** Sends the sample confirmation to an address, and says what the server answered. */
function TestEmail({ usable }: { usable: boolean }) {
  const [to, setTo] = useState("");
  const fetcher = useFetcher<ActionResult>();
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  const test = result?.intent === "smtp-test" ? result.test : undefined;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Send a test email
        </Text>
        <Text as="p" tone="subdued">
          Sends a sample backorder confirmation through the saved server, so you can see it arrive and how it looks.
        </Text>
        <TextField
          label="Send a test email to"
          type="email"
          value={to}
          onChange={setTo}
          autoComplete="email"
          disabled={!usable}
          connectedRight={
            <Button
              onClick={() => fetcher.submit({ intent: "smtp-test", to }, { method: "post" })}
              loading={fetcher.state !== "idle"}
              disabled={!usable || to.trim() === ""}
            >
              Send test email
            </Button>
          }
        />
        {test?.status === "sent" && (
          <Banner tone="success" title="Test email sent">
            <Text as="p">
              Sent to {test.to} through {test.via === "shop" ? "your email server" : "the app's default server"}. It should arrive in a
              minute; if not, look in the spam folder.
            </Text>
          </Banner>
        )}
        {test?.status === "failed" && (
          <Banner tone="critical" title="The test email was not sent">
            <Text as="p">{test.error}</Text>
          </Banner>
        )}
      </BlockStack>
    </Card>
  );
}
