data "whatsapp_business_account" "support" {
  id = "104996122399160"
}

output "waba_name" {
  value = data.whatsapp_business_account.support.name
}

# Nested objects are null when Meta leaves them out (an account without a
# health status, say): try() keeps the output null instead of failing.
output "waba_owner_business_id" {
  value = try(data.whatsapp_business_account.support.owner_business_info.id, null)
}

output "waba_can_send_message" {
  value = try(data.whatsapp_business_account.support.health_status.can_send_message, null)
}
