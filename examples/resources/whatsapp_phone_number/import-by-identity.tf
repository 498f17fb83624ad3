import {
  to = whatsapp_phone_number.sales
  identity = {
    waba_id = "104996122399160"
    id      = "110200345509999"
  }
}
