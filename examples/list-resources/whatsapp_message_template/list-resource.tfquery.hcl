# Every template of a WhatsApp Business Account but the rejected ones.
list "whatsapp_message_template" "support" {
  provider         = whatsapp
  include_resource = true
  config {
    waba_id  = "104996122399160"
    statuses = ["APPROVED", "PENDING", "PAUSED"]
  }
}
