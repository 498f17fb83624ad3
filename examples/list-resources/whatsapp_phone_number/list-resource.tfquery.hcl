# Every phone number of a WhatsApp Business Account. Run
# `terraform query -generate-config-out=numbers.tf` to write a resource and an
# import block for each.
list "whatsapp_phone_number" "support" {
  provider         = whatsapp
  include_resource = true
  config {
    waba_id = "104996122399160"
  }
}
