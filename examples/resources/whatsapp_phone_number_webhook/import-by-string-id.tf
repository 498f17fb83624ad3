import {
  to = whatsapp_phone_number_webhook.support
  id = "110200345501442"
}
