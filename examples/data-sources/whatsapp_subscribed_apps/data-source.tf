data "whatsapp_subscribed_apps" "support" {
  waba_id = "104996122399160"
}

output "support_subscribed_app_ids" {
  value = data.whatsapp_subscribed_apps.support.apps[*].app_id
}
