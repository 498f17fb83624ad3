variable "webhook_verify_token" {
  type      = string
  sensitive = true
}

# Subscribes the token's app to the account's webhooks, sending this
# account's message webhooks to a URL of its own.
resource "whatsapp_subscribed_app" "support" {
  waba_id               = "104996122399160"
  override_callback_uri = "https://hooks.example.com/whatsapp/support"
  verify_token          = var.webhook_verify_token
}
