import {
  to = whatsapp_phone_number_webhook.support
  identity = {
    phone_number_id = "110200345501442"
  }
}
