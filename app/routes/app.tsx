import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { config } from "~/config.server";
import { authenticate } from "~/shopify.server";
import { LoadingBar } from "~/ui/loading-bar";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  // Against the simulator, App Bridge is its local stand-in (no CDN, no Shopify admin).
  const appBridgeUrl = config.SHOPIFY_SIMULATOR_URL && new URL("/cdn/app-bridge.js", config.SHOPIFY_SIMULATOR_URL).toString();
  return { apiKey: config.SHOPIFY_API_KEY, appBridgeUrl };
};

export default function AppLayout() {
  const { apiKey, appBridgeUrl } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey} {...(appBridgeUrl ? { __APP_BRIDGE_URL: appBridgeUrl } : {})}>
      <NavMenu>
        <Link to="/app" rel="home">
          Dashboard
        </Link>
        <Link to="/app/backorders">Backorders</Link>
        <Link to="/app/products">Products</Link>
        <Link to="/app/incoming">Incoming stock</Link>
        <Link to="/app/planning">Purchase planning</Link>
        <Link to="/app/activity">Activity</Link>
        <Link to="/app/settings">Settings</Link>
        <Link to="/app/notifications">Notifications</Link>
      </NavMenu>
      <LoadingBar />
      <Outlet />
    </AppProvider>
  );
}

// Shopify's boundary adds the headers App Bridge needs to redirect on auth errors.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
