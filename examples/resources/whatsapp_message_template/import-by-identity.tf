import {
  to = whatsapp_message_template.order_shipped
  identity = {
    waba_id = "104996122399160"
    id      = "1702255403300001"
  }
}
