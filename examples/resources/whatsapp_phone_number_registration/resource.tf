# Registers a number with the Cloud API and sets its two-step verification
# PIN. With Terraform 1.11 or later, prefer pin_wo (see below) to keep the PIN
# out of state.
variable "whatsapp_pin" {
  type      = string
  sensitive = true
}

resource "whatsapp_phone_number_registration" "support" {
  phone_number_id = "110200345501442"
  pin             = var.whatsapp_pin
}

output "support_platform_type" {
  value = whatsapp_phone_number_registration.support.platform_type
}
