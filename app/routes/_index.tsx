import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

// Shopify opens the app URL with ?shop=...; the admin lives under /app.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return null;
};

export default function Landing() {
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 560, margin: "4rem auto", lineHeight: 1.5 }}>
      <h1>Backorder Manager</h1>
      <p>
        Keep selling when stock runs out: hold only the lines that cannot ship, give customers a believable date, and release fairly when
        stock arrives.
      </p>
      <p>Open the app from your Shopify admin.</p>
    </main>
  );
}
