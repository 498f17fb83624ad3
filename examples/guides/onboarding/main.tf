# Onboarding a number in one apply: add it to the account, register it with
# the Cloud API, give it a business profile, the app's webhook, its own
# callback and chat components. Run it with WHATSAPP_ACCESS_TOKEN,
# WHATSAPP_APP_ID and WHATSAPP_APP_SECRET set (the app's webhook takes the
# app access token).
terraform {
  required_providers {
    whatsapp = {
      source = "waba-terraform/whatsapp"
    }
  }
}

variable "waba_id" {
  type    = string
  default = "104996122399160"
}

variable "whatsapp_pin" {
  description = "The number's two-step verification PIN, 6 digits."
  type        = string
  sensitive   = true
}

variable "webhook_verify_token" {
  type      = string
  sensitive = true
}

resource "whatsapp_phone_number" "care" {
  waba_id       = var.waba_id
  cc            = "49"
  phone_number  = "15112345600"
  verified_name = "Acme Care"
}

resource "whatsapp_phone_number_registration" "care" {
  phone_number_id = whatsapp_phone_number.care.id
  pin             = var.whatsapp_pin
}

resource "whatsapp_business_profile" "care" {
  phone_number_id = whatsapp_phone_number.care.id
  about           = "Acme Care: repairs and returns"
  email           = "care@acme.example"
  websites        = ["https://acme.example/care"]
  vertical        = "RETAIL"
}

# The app's WhatsApp webhook: without it Meta sends the app nothing.
resource "whatsapp_app_subscription" "webhook" {
  callback_url = "https://hooks.example.com/whatsapp"
  verify_token = var.webhook_verify_token
  fields       = ["messages", "message_template_status_update", "phone_number_quality_update"]
}

resource "whatsapp_subscribed_app" "account" {
  waba_id = var.waba_id

  depends_on = [whatsapp_app_subscription.webhook]
}

resource "whatsapp_phone_number_webhook" "care" {
  phone_number_id       = whatsapp_phone_number.care.id
  override_callback_uri = "https://hooks.example.com/whatsapp/care"
  verify_token          = var.webhook_verify_token

  depends_on = [whatsapp_subscribed_app.account]
}

resource "whatsapp_conversational_automation" "care" {
  phone_number_id = whatsapp_phone_number.care.id
  prompts         = ["Repair status", "Start a return"]
}

output "care_number" {
  value = "${whatsapp_phone_number.care.display_phone_number} (${whatsapp_phone_number_registration.care.status})"
}
