# The access token's app's subscription to a WhatsApp Business Account, when
# there is one. Other apps' subscriptions cannot be managed with this token;
# the whatsapp_subscribed_apps data source shows them.
list "whatsapp_subscribed_app" "support" {
  provider         = whatsapp
  include_resource = true
  config {
    waba_id = "104996122399160"
  }
}
