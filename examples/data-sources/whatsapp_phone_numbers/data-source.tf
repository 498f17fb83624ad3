# Every number of an account, for example to write import blocks for them
# (Terraform 1.7 or later):
data "whatsapp_phone_numbers" "support" {
  waba_id = "104996122399160"
}

output "support_numbers" {
  value = { for n in data.whatsapp_phone_numbers.support.phone_numbers : n.id => n.display_phone_number }
}
