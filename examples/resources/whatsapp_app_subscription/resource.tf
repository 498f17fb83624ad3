variable "webhook_verify_token" {
  type      = string
  sensitive = true
}

# The app's WhatsApp webhook. The provider block needs app_id and app_secret
# (or WHATSAPP_APP_ID and WHATSAPP_APP_SECRET): this edge takes the app
# access token.
resource "whatsapp_app_subscription" "webhook" {
  callback_url = "https://hooks.example.com/whatsapp"
  verify_token = var.webhook_verify_token
  fields       = ["messages", "message_template_status_update", "account_update"]
}
