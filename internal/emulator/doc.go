// Package emulator provides a stateful, in-memory fake of the parts of
// Meta's Graph API that the WhatsApp provider uses, after the fashion of
// net/http/httptest. Unit tests, acceptance tests, benchmarks and `make demo`
// all talk to it; nothing in the repository talks to the real API in tests.
//
// # Endpoints
//
// Every API route takes a version prefix (/v25.0/...; any vNN.0 is accepted);
// a path without one is served as Meta serves it, with the default version.
// POST /{waba}/phone_numbers, /{waba}/assigned_users and /{waba}/subscribed_apps
// read after writing: with fields= they answer what a GET of the node they
// read (the new number; the WABA, its edges expanded) answers, without
// "success" (Options.IgnoreWriteFields answers as without fields=):
//
//	GET    /debug_token?input_token=T             the token's app_id, user_id, type, scopes
//	GET    /{waba}?fields=a,b{c}                  WhatsApp Business Account node; its edges expand too:
//	                                              fields=phone_numbers.after(X).limit(100){id},name answers
//	                                              the edge's page under "phone_numbers" (field expansion;
//	                                              Options.NoEdgeExpansion refuses it with code 100)
//	GET    /{waba}/phone_numbers                  paged list
//	POST   /{waba}/phone_numbers                  cc, phone_number, verified_name, ...; with fields= it answers
//	                                              the new number's node (read-after-write, see below)
//	GET    /{phone}?fields=...                    phone number node (also is_on_biz_app, is_preverified_number,
//	                                              quality_score, eligibility_for_api_business_global_search);
//	                                              whatsapp_business_profile{about} expands as on the WABA
//	POST   /{phone}                               pin (6 digits, registered numbers), or
//	                                              new_display_name (pending until /_fake/display_name)
//	POST   /{phone}/register                      messaging_product=whatsapp, pin, data_localization_region;
//	                                              a PIN already set must match (133005); CLOUD_API, CONNECTED
//	POST   /{phone}/deregister                    DISCONNECTED; each of the two: 10 per number per 72 h (133016)
//	DELETE /{phone}                               refused (code 100), as on Meta's API
//	GET    /{phone}/whatsapp_business_profile     {"data":[profile]}
//	POST   /{phone}/whatsapp_business_profile     messaging_product=whatsapp and the fields to set, with
//	                                              Meta's limits; profile_picture_handle from an upload
//	POST   /{phone}/conversational_automation     enable_welcome_message, prompts (<= 4), commands (<= 30)
//	GET    /{phone}/whatsapp_commerce_settings    {"data":[{"id","is_cart_enabled","is_catalog_visible"}]}
//	POST   /{phone}/whatsapp_commerce_settings    is_cart_enabled, is_catalog_visible (booleans, at least one)
//	GET    /{phone}/message_qrdls                 paged list of QR codes (code, prefilled_message, deep_link_url);
//	                                              qr_image_url only as qr_image_url.format(SVG|PNG)
//	POST   /{phone}/message_qrdls                 prefilled_message (<= 140), generate_qr_image (SVG, PNG): a new
//	                                              code with its image (at most 2,000 per number); with code: a new message
//	GET    /{phone}/message_qrdls/{code}          {"data":[code]}; DELETE deletes it
//	GET    /{app}/subscriptions                   the app's webhook subscriptions; the app access token
//	                                              (app_id|app_secret) only, code 15 otherwise
//	POST   /{app}/subscriptions                   object, callback_url, verify_token, fields (added to those
//	                                              subscribed); a loopback callback gets Meta's verification GET
//	                                              (hub.mode, hub.challenge, hub.verify_token; code 2200 unless
//	                                              echoed), any other host is accepted without a call
//	DELETE /{app}/subscriptions?object=O[&fields=] one object's subscription, or some of its fields
//	POST   /{phone}  webhook_configuration        {"override_callback_uri","verify_token"}; needs the app
//	                                              subscribed to the number's WABA; "" clears it
//	POST   /{app}/uploads, /upload:{session}      the Resumable Upload API; the handle goes in "h"
//	GET    /{business}/owned_whatsapp_business_accounts, /{business}/client_whatsapp_business_accounts
//	                                              paged lists; a WABA's "client_business_ids" name its clients
//	GET    /{waba}/subscribed_apps                paged list of every subscribed app
//	POST   /{waba}/subscribed_apps                subscribe the token's app; both or neither of
//	                                              override_callback_uri and verify_token
//	DELETE /{waba}/subscribed_apps                unsubscribe the token's app (success if absent)
//	GET    /{waba}/assigned_users?business=B      paged list; business is required; the owner sees
//	                                              every user, a partner (client WABA) its own
//	                                              users, any other business an empty list
//	POST   /{waba}/assigned_users                 user, tasks=["MANAGE"]; replaces the task set
//	DELETE /{waba}/assigned_users?user=U          404 code 803 when not assigned
//	GET    /{waba}/message_templates              paged list with components; filters name (a part of
//	                                              the name); language, status, category, quality_score (a
//	                                              JSON array or a comma list); name_or_content and content
//	                                              (a part of the name or component text); summary=
//	                                              message_template_count,message_template_limit
//	POST   /{waba}/message_templates              JSON: name, language, category, components,
//	                                              parameter_format, message_send_ttl_seconds; validated
//	                                              with Meta's limits and codes (2388040, 2388047, 2388072,
//	                                              2388073, 2388293, 2388299, 2388273); 2388024 duplicate
//	                                              or locked name (the same answer), 2388019 over the limit,
//	                                              100 per hour; answers PENDING,
//	                                              APPROVED after Options.TemplateReviewDelay
//	GET    /{template}?fields=...                 template node, read back as Meta does: types in upper
//	                                              case, OTP buttons as URL buttons (otp_type only in the
//	                                              URL, an example, no one-tap fields), media examples as
//	                                              CDN URLs, authentication text filled in
//	POST   /{template}                            edit: APPROVED, REJECTED or PAUSED only; category and
//	                                              components each optional (absent: kept); no category
//	                                              change once approved; approved: 1 edit per 24 h, 10 per 30 days
//	DELETE /{waba}/message_templates?name=N[&hsm_id=I]  one language (hsm_id) or all; 2593002 not found;
//	                                              DISABLED refused; an approved name is locked for 30 days
//	                                              (a create answers 100/2388024, as for a duplicate)
//	GET    /{waba}/flows                          paged list of the WABA's Flows (fields=)
//	POST   /{waba}/flows                          create: name (unique, else 100), categories (Meta's 9),
//	                                              flow_json, publish, endpoint_uri, clone_flow_id; answers
//	                                              id and validation_errors (version among 5.1-7.3, screens
//	                                              with IDs, a terminal screen; line and column from 1, pointer
//	                                              paths); with errors the draft is kept and not published
//	GET    /{flow}?fields=...                     Flow node: status, json_version, preview, health_status, ...
//	POST   /{flow}                                metadata (name, categories, endpoint_uri): DRAFT only
//	POST   /{flow}/assets                         multipart file with asset_type FLOW_JSON: DRAFT only
//	GET    /{flow}/assets                         the FLOW_JSON asset with a download_url (/_fake/flow_json/{id})
//	POST   /{flow}/publish, /{flow}/deprecate     DRAFT -> PUBLISHED (139002 otherwise), published -> DEPRECATED
//	                                              (139003 otherwise); neither twice
//	DELETE /{flow}                                DRAFT only (139004)
//	GET    /{phone}/whatsapp_business_encryption  the business public key and its signature status (VALID)
//	POST   /{phone}/whatsapp_business_encryption  business_public_key: PEM of a 2048-bit RSA key, else 100
//
// Where Meta's Flows pages disagree (can a published Flow be edited?), the fake
// takes the harder case: a published Flow's metadata and JSON edits answer
// 139001 ("Flow can't be updated").
//
// Errors use Graph's envelope ({"error":{"message","type","code","error_subcode",
// "is_transient","fbtrace_id"}}). Lists use cursor paging: `paging.cursors` always,
// `paging.next` only when another page exists. WABA-scoped calls carry an
// X-Business-Use-Case-Usage header.
//
// # Control routes
//
// Routes under /_fake/ are not part of the Graph API and are never counted:
//
//	GET  /_fake/state                 the whole state, in the seed format below
//	GET  /_fake/stats                 request counters (see [Stats])
//	POST /_fake/reset                 zero the counters; ?state=1 also restores the seed
//	POST /_fake/seed                  merge a seed document (body) into the state
//	POST /_fake/delete                {"kind":"phone_number|assigned_user|subscribed_app|phone_webhook|qr_code|app_subscription","waba_id","id"}
//	POST /_fake/change                {"kind":"waba|phone_number|assigned_user|business_profile|phone_webhook|
//	                                   conversational_automation|commerce_settings|qr_code|app_subscription|message_template","waba_id","id","fields":{...}};
//	                                   a template's fields: status (approve, reject, pause, disable, archive),
//	                                   category (re-categorise), rejected_reason, quality_score, components;
//	                                   kind flow ("id": the Flow): status (THROTTLED, BLOCKED, as Meta's health
//	                                   monitoring sets it; DEPRECATED) and name
//	POST /_fake/display_name          {"id":"<phone>","decision":"APPROVED|DECLINED"}: Meta's review of a name
//	POST /_fake/faults                a [FaultConfig] document; DELETE /_fake/faults clears it
//	POST /_fake/latency?ms=20         latency added to every API request
//	POST /_fake/budget                {"calls":200,"regain_minutes":5} per (app, WABA) and hour; calls 0 = off
//
// # Seed format
//
// A seed is a JSON document (see [Seed]):
//
//	{
//	  "businesses": [{"id": "506914307656634", "name": "Acme GmbH"}],
//	  "apps":       [{"id": "670843887433847", "name": "Acme Terraform App",
//	                  "secret": "app-secret", "require_app_secret": false}],
//	  "users":      [{"id": "122104222222222222", "name": "terraform-bot",
//	                  "type": "SYSTEM_USER", "business_id": "506914307656634"}],
//	  "tokens":     [{"token": "EAAG-test", "app_id": "670843887433847",
//	                  "user_id": "122104222222222222", "wabas": []}],
//	  "wabas": [{
//	    "id": "104996122399160", "owner_business_id": "506914307656634",
//	    "fields": {"name": "Acme Support", "timezone_id": "47", "currency": "EUR"},
//	    "phone_numbers":   [{"id": "110200345501442", "cc": "49", "phone_number": "15112345678",
//	                         "verified_name": "Acme Support", "status": "CONNECTED"}],
//	    "subscribed_apps": [{"app_id": "670843887433847",
//	                         "override_callback_uri": "https://hooks.example/wa"}],
//	    "assigned_users":  [{"user_id": "122104222222222222", "tasks": ["MANAGE"]}]
//	  }]
//	}
//
// A token's "wabas" lists the WABAs it may reach; empty means all of them, and any
// other WABA answers with a permission error (code 200). A WABA's "fields" holds any
// field of the WhatsAppBusinessAccount node; owner_business_info is derived from
// owner_business_id. Phone number fields left out take the values of a newly added,
// unregistered number (status PENDING, code_verification_status NOT_VERIFIED, ...).
//
// # Faults
//
// Faults are injected by rule (a method and route, a kind, how many matching
// requests to let through first and how many to fail) or by rate: a request gets a fault when hash(seed, method, path, key parameters, attempt)
// falls under the rate, so a run is reproducible whatever order requests arrive in.
// See [FaultConfig] for the kinds.
package emulator
