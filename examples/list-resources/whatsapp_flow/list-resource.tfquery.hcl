# The Flows of a WhatsApp Business Account, but deprecated ones, with their
# Flow JSON (downloaded for each Flow when include_resource is true).
list "whatsapp_flow" "support" {
  provider         = whatsapp
  include_resource = true
  config {
    waba_id = "104996122399160"
  }
}
