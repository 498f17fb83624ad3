# Every user with tasks on a WhatsApp Business Account, as its owner business
# lists them (set business_id to list through another business).
list "whatsapp_assigned_user" "support" {
  provider         = whatsapp
  include_resource = true
  config {
    waba_id = "104996122399160"
  }
}
