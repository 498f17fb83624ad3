package emulator

// StarterSeed is a commented seed to start from (fakegraph -print-seed).
// Lines starting with // are comments; LoadSeedFile skips them.
const StarterSeed = `// A seed for fakegraph, the local WhatsApp Graph API emulator.
// Load it with: fakegraph -seed seed.json (add -state state.json to keep changes).
// IDs are decimal strings, as Meta's are. Lines starting with // are comments.
{
  // Business portfolios. A WABA's owner business lists its assigned users.
  "businesses": [{"id": "506914307656634", "name": "Acme GmbH"}],

  // Apps own tokens; subscriptions are per app. "secret" is only needed with
  // "require_app_secret": true, when requests must carry appsecret_proof.
  "apps": [{"id": "670843887433847", "name": "Acme Terraform App", "secret": "change-me"}],

  // Business and system users that can be assigned to WABAs.
  "users": [
    {"id": "122104222222222222", "name": "terraform-bot", "type": "SYSTEM_USER", "business_id": "506914307656634"},
    {"id": "100055555555555", "name": "Jane Ops", "type": "BUSINESS_USER", "business_id": "506914307656634"}
  ],

  // Access tokens: the token string, its app and its user. "wabas" limits the
  // WABAs it may reach (empty: all of them).
  "tokens": [{"token": "emulator-token", "app_id": "670843887433847", "user_id": "122104222222222222"}],

  // WhatsApp Business Accounts with their edges. "fields" holds any field of
  // the WhatsAppBusinessAccount node.
  "wabas": [{
    "id": "104996122399160",
    "owner_business_id": "506914307656634",
    "fields": {"name": "Acme Support", "timezone_id": "47", "currency": "EUR", "status": "ACTIVE"},
    // A number in use, its business profile filled in WhatsApp Manager, as
    // every real number's is: whatsapp_business_profile adopts it by import
    // (a create that would clear one of these fields fails before writing).
    // Its cart is enabled, as Meta enables it on many numbers:
    // whatsapp_commerce_settings adopts it by import the same way.
    "phone_numbers": [{
      "id": "110200345501442", "cc": "49", "phone_number": "15112345678",
      "verified_name": "Acme Support", "status": "CONNECTED", "platform_type": "CLOUD_API",
      "business_profile": {
        "about": "Support Mon-Fri 8-18 CET", "address": "Hauptstr. 1, 10115 Berlin",
        "description": "Orders, returns and repairs for Acme customers.", "email": "support@acme.example",
        "websites": ["https://acme.example"], "vertical": "RETAIL"
      },
      "commerce_settings": {"is_cart_enabled": true}
    }],
    "subscribed_apps": [],
    "assigned_users": [{"user_id": "122104222222222222", "tasks": ["MANAGE"]}],
    // A draft WhatsApp Flow built in WhatsApp Manager (status DRAFT unless
    // set; "flow_json" is its Flow JSON as a string): whatsapp_flow adopts it
    // by import, and a create of the same name fails with the import ID.
    "flows": [{
      "id": "1183907543004830", "name": "rma_request", "categories": ["CUSTOMER_SUPPORT"],
      "flow_json": "{\"version\": \"7.2\", \"screens\": [{\"id\": \"RMA\", \"title\": \"Return an item\", \"terminal\": true, \"layout\": {\"type\": \"SingleColumnLayout\", \"children\": []}}]}"
    }]
  }]
}
`
