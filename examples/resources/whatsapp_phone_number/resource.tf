# Adds a number to the account. The Graph API cannot delete business numbers:
# `terraform destroy` only forgets it (and deregisters it when asked to).
resource "whatsapp_phone_number" "sales" {
  waba_id       = "104996122399160"
  cc            = "49"
  phone_number  = "15112345679"
  verified_name = "Acme Sales"

  deregister_on_destroy = true
}

output "sales_number_status" {
  value = whatsapp_phone_number.sales.status
}
