# Meta accepts a number's own callback URL only while the token's app is
# subscribed to the number's account: subscribe first.
variable "webhook_verify_token" {
  type      = string
  sensitive = true
}

resource "whatsapp_subscribed_app" "support" {
  waba_id = "104996122399160"
}

resource "whatsapp_phone_number_webhook" "support" {
  phone_number_id       = "110200345501442"
  override_callback_uri = "https://hooks.example.com/whatsapp/support-line"
  verify_token          = var.webhook_verify_token

  depends_on = [whatsapp_subscribed_app.support]
}
