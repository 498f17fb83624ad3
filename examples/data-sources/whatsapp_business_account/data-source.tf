data "whatsapp_business_account" "support" {
  id = "104996122399160"
}

output "waba_name" {
  value = data.whatsapp_business_account.support.name
}

output "waba_owner_business_id" {
  value = data.whatsapp_business_account.support.owner_business_info.id
}

output "waba_can_send_message" {
  value = data.whatsapp_business_account.support.health_status.can_send_message
}
