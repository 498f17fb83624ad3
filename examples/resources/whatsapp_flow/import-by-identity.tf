import {
  to = whatsapp_flow.signup
  identity = {
    waba_id = "104996122399160"
    id      = "1183907543004829"
  }
}
