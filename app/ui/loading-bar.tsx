// Shows the Shopify admin's loading bar while a page's data is on its way,
// on navigation and on form submissions alike.
import { useNavigation } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useEffect } from "react";

export function LoadingBar() {
  const busy = useNavigation().state !== "idle";
  const shopify = useAppBridge();
  useEffect(() => {
    shopify.loading(busy);
  }, [shopify, busy]);
  return null;
}
