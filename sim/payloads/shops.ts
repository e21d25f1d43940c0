import { legacyId } from "../state/ids";
import type { App, ShopState } from "../state/shops";
import { ADDRESS } from "./address";

/** Body of app/uninstalled: the shop, as the REST Shop resource has it. The simulator models no address, so it uses its one fixed address. */
export function shopPayload(shop: ShopState, now: string) {
  const currency = shop.currencyCode;
  const primaryLocation = [...shop.locations.keys()][0];
  return {
    id: legacyId(shop.id),
    name: shop.name,
    email: shop.email,
    customer_email: shop.email,
    domain: shop.domain,
    myshopify_domain: shop.domain,
    shop_owner: "Sim Owner",
    phone: ADDRESS.phone,
    address1: ADDRESS.address1,
    address2: ADDRESS.address2,
    city: ADDRESS.city,
    province: ADDRESS.province,
    province_code: ADDRESS.province_code,
    country: ADDRESS.country_code,
    country_code: ADDRESS.country_code,
    country_name: ADDRESS.country,
    zip: ADDRESS.zip,
    latitude: ADDRESS.latitude,
    longitude: ADDRESS.longitude,
    source: null,
    created_at: shop.createdAt,
    updated_at: now,
    // The same zone the shop query answers with.
    timezone: "(GMT-05:00) America/Toronto",
    iana_timezone: "America/Toronto",
    currency,
    enabled_presentment_currencies: [currency],
    money_format: "${{amount}}",
    money_in_emails_format: "${{amount}}",
    money_with_currency_format: `\${{amount}} ${currency}`,
    money_with_currency_in_emails_format: `\${{amount}} ${currency}`,
    primary_locale: "en",
    primary_location_id: primaryLocation ? legacyId(primaryLocation) : 0,
    weight_unit: "kg",
    plan_name: "partner_test",
    plan_display_name: "Developer Preview",
    multi_location_enabled: shop.locations.size > 1,
    checkout_api_supported: true,
    eligible_for_payments: true,
    finances: true,
    has_discounts: false,
    has_gift_cards: false,
    has_storefront: true,
    google_apps_domain: null,
    google_apps_login_enabled: null,
    password_enabled: true,
    pre_launch_enabled: false,
    requires_extra_payments_agreement: false,
    setup_required: false,
    taxes_included: false,
    tax_shipping: null,
    county_taxes: true,
    auto_configure_tax_inclusivity: null,
    marketing_sms_consent_enabled_at_checkout: false,
    transactional_sms_disabled: false,
  };
}

/** Body of app/scopes_update: the installation's scopes before and after. */
export function scopesUpdatePayload(shop: ShopState, app: App, previous: string, current: string, now: string) {
  const list = (scopes: string) => scopes.split(",").filter(Boolean);
  return { id: legacyId(app.id), shop_id: shop.id, previous: list(previous), current: list(current), updated_at: now };
}
